-- Alert rules, each with its current state in the same row, and the history of their transitions.
-- The rule is kept whole as JSON; model is copied out of it for the foreign key. revision rises with every state save
-- and every replacement of the rule, which lets concurrent evaluators detect each other. Deleting a rule deletes its history.

CREATE TABLE alert_rules (
    name         text COLLATE "C" NOT NULL PRIMARY KEY,
    model        text COLLATE "C" NOT NULL REFERENCES models (name),
    rule         text NOT NULL,
    state        text NOT NULL CHECK (state IN ('inactive', 'pending', 'firing')),
    since        timestamptz,
    value        double precision,
    evaluated_at timestamptz,
    note         text,
    revision     bigint NOT NULL CHECK (revision > 0)
);

CREATE INDEX alert_rules_by_model ON alert_rules (model);

CREATE TABLE alert_history (
    id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    rule   text COLLATE "C" NOT NULL REFERENCES alert_rules (name) ON DELETE CASCADE,
    change text NOT NULL CHECK (change IN ('pending', 'firing', 'resolved', 'cancelled')),
    at     timestamptz NOT NULL,
    value  double precision NOT NULL
);

CREATE INDEX alert_history_by_rule ON alert_history (rule, id);
