-- Progressive rollouts: at most one per model, the latest one, kept whole as JSON (plan, thresholds, current step,
-- state, last analysis and decision history). state is copied out of the JSON so that the controller can list the
-- rollouts still in progress; revision rises with every save, which lets concurrent deciders detect each other.

CREATE TABLE rollouts (
    model      text COLLATE "C" NOT NULL PRIMARY KEY REFERENCES models (name),
    revision   bigint NOT NULL CHECK (revision > 0),
    state      text NOT NULL CHECK (state IN ('progressing', 'paused', 'promoted', 'aborted')),
    rollout    text NOT NULL,
    updated_at timestamptz NOT NULL
);
