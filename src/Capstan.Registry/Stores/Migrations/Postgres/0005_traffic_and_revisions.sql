-- Traffic policies and deployment history.
-- variants, shadow and sticky are JSON (NULL: the target alone at 100%, no shadow, weighted random routing).
-- deployment_revisions keeps every change of a deployment (set, remove, rollback) with its whole spec as JSON, who,
-- when and why; it outlives the deployment. Each existing deployment becomes its first recorded revision.

ALTER TABLE deployments ADD COLUMN variants text;
ALTER TABLE deployments ADD COLUMN shadow text;
ALTER TABLE deployments ADD COLUMN sticky text;

CREATE TABLE deployment_revisions (
    model             text COLLATE "C" NOT NULL REFERENCES models (name),
    revision          bigint NOT NULL CHECK (revision > 0),
    change            text NOT NULL CHECK (change IN ('set', 'remove', 'rollback')),
    spec              text NOT NULL,
    changed_at        timestamptz NOT NULL,
    changed_by        text NOT NULL,
    reason            text,
    restored_revision bigint,
    PRIMARY KEY (model, revision)
);

INSERT INTO deployment_revisions (model, revision, change, spec, changed_at, changed_by, reason)
SELECT model, revision, 'set', json_build_object('target', target, 'batching', batching::json, 'outputs', outputs::json)::text,
       updated_at, updated_by, 'recorded when deployment history began'
FROM deployments;
