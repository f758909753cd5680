-- Traffic policies and deployment history.
-- variants, shadow and sticky are JSON (NULL: the target alone at 100%, no shadow, weighted random routing).
-- deployment_revisions keeps every change of a deployment (set, remove, rollback) with its whole spec as JSON, who,
-- when and why; it outlives the deployment. Each existing deployment becomes its first recorded revision.

ALTER TABLE deployments ADD COLUMN variants TEXT;
ALTER TABLE deployments ADD COLUMN shadow TEXT;
ALTER TABLE deployments ADD COLUMN sticky TEXT;

CREATE TABLE deployment_revisions (
    model             TEXT NOT NULL REFERENCES models (name),
    revision          INTEGER NOT NULL CHECK (revision > 0),
    change            TEXT NOT NULL CHECK (change IN ('set', 'remove', 'rollback')),
    spec              TEXT NOT NULL,
    changed_at        TEXT NOT NULL,
    changed_by        TEXT NOT NULL,
    reason            TEXT,
    restored_revision INTEGER,
    PRIMARY KEY (model, revision)
) STRICT;

INSERT INTO deployment_revisions (model, revision, change, spec, changed_at, changed_by, reason)
SELECT model, revision, 'set', json_object('target', target, 'batching', json(batching), 'outputs', json(outputs)),
       updated_at, updated_by, 'recorded when deployment history began'
FROM deployments;
