-- Deployments: each model's desired serving state and the status its reconciling server last reported.
-- models.last_deployment_revision is raised by every (re)deployment of the model, so a revision is never given out
-- twice, not even after the model is undeployed and deployed again, and a report for an earlier deployment stays stale.

ALTER TABLE models ADD COLUMN last_deployment_revision INTEGER NOT NULL DEFAULT 0;

CREATE TABLE deployments (
    model           TEXT NOT NULL PRIMARY KEY REFERENCES models (name),
    target          TEXT NOT NULL,
    batching        TEXT NOT NULL,
    revision        INTEGER NOT NULL CHECK (revision > 0),
    updated_at      TEXT NOT NULL,
    updated_by      TEXT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('pending', 'loading', 'ready', 'failed')),
    serving_version INTEGER,
    desired_version INTEGER,
    reason          TEXT,
    reported_at     TEXT NOT NULL
) STRICT;
