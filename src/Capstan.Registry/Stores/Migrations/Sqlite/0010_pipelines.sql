-- Continuous-training pipelines (the spec text as applied, with its canonical hash) and their runs.
-- A run is kept whole as JSON; pipeline, status and queued_at are copied out of it for listing. revision rises with
-- every save, which lets replicas claim queued runs without running one twice. trigger_key is unique, so one
-- scheduled or triggered firing queues one run however many replicas see it. Runs outlive their pipeline.

CREATE TABLE pipelines (
    name       TEXT NOT NULL PRIMARY KEY,
    model      TEXT NOT NULL,
    spec       TEXT NOT NULL,
    spec_hash  TEXT NOT NULL,
    revision   INTEGER NOT NULL CHECK (revision > 0),
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    code_commit TEXT
) STRICT;

CREATE TABLE pipeline_runs (
    id          TEXT NOT NULL PRIMARY KEY,
    pipeline    TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'rejected', 'failed', 'cancelled')),
    queued_at   TEXT NOT NULL,
    trigger_key TEXT UNIQUE,
    run         TEXT NOT NULL,
    revision    INTEGER NOT NULL CHECK (revision > 0)
) STRICT;

CREATE INDEX pipeline_runs_by_pipeline ON pipeline_runs (pipeline, queued_at);
CREATE INDEX pipeline_runs_by_status ON pipeline_runs (status, queued_at);
