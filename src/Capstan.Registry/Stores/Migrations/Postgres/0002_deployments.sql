-- Deployments: each model's desired serving state and the status its reconciling server last reported.
-- models.last_deployment_revision is raised by every (re)deployment of the model, so a revision is never given out
-- twice, not even after the model is undeployed and deployed again, and a report for an earlier deployment stays stale.

ALTER TABLE models ADD COLUMN last_deployment_revision bigint NOT NULL DEFAULT 0;

CREATE TABLE deployments (
    model           text COLLATE "C" PRIMARY KEY REFERENCES models (name),
    target          text NOT NULL,
    batching        text NOT NULL,
    revision        bigint NOT NULL CHECK (revision > 0),
    updated_at      timestamptz NOT NULL,
    updated_by      text NOT NULL,
    state           text NOT NULL CHECK (state IN ('pending', 'loading', 'ready', 'failed')),
    serving_version integer,
    desired_version integer,
    reason          text,
    reported_at     timestamptz NOT NULL
);
