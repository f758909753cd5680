-- Continuous-training pipelines (the spec text as applied, with its canonical hash) and their runs.
-- A run is kept whole as JSON; pipeline, status and queued_at are copied out of it for listing. revision rises with
-- every save, which lets replicas claim queued runs without running one twice. trigger_key is unique, so one
-- scheduled or triggered firing queues one run however many replicas see it. Runs outlive their pipeline.

CREATE TABLE pipelines (
    name       text COLLATE "C" NOT NULL PRIMARY KEY,
    model      text COLLATE "C" NOT NULL,
    spec       text NOT NULL,
    spec_hash  text NOT NULL,
    revision   bigint NOT NULL CHECK (revision > 0),
    updated_at timestamptz NOT NULL,
    updated_by text NOT NULL,
    code_commit text
);

CREATE TABLE pipeline_runs (
    id          text COLLATE "C" NOT NULL PRIMARY KEY,
    pipeline    text COLLATE "C" NOT NULL,
    status      text NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'rejected', 'failed', 'cancelled')),
    queued_at   timestamptz NOT NULL,
    trigger_key text UNIQUE,
    run         text NOT NULL,
    revision    bigint NOT NULL CHECK (revision > 0)
);

CREATE INDEX pipeline_runs_by_pipeline ON pipeline_runs (pipeline, queued_at);
CREATE INDEX pipeline_runs_by_status ON pipeline_runs (status, queued_at);
