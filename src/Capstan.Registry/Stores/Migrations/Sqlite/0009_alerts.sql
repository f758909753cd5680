-- Alert rules, each with its current state in the same row, and the history of their transitions.
-- The rule is kept whole as JSON; model is copied out of it for the foreign key. revision rises with every state save
-- and every replacement of the rule, which lets concurrent evaluators detect each other. Deleting a rule deletes its history.

CREATE TABLE alert_rules (
    name         TEXT NOT NULL PRIMARY KEY,
    model        TEXT NOT NULL REFERENCES models (name),
    rule         TEXT NOT NULL,
    state        TEXT NOT NULL CHECK (state IN ('inactive', 'pending', 'firing')),
    since        TEXT,
    value        REAL,
    evaluated_at TEXT,
    note         TEXT,
    revision     INTEGER NOT NULL CHECK (revision > 0)
) STRICT;

CREATE INDEX alert_rules_by_model ON alert_rules (model);

CREATE TABLE alert_history (
    id     INTEGER PRIMARY KEY AUTOINCREMENT,
    rule   TEXT NOT NULL REFERENCES alert_rules (name) ON DELETE CASCADE,
    change TEXT NOT NULL CHECK (change IN ('pending', 'firing', 'resolved', 'cancelled')),
    at     TEXT NOT NULL,
    value  REAL NOT NULL
) STRICT;

CREATE INDEX alert_history_by_rule ON alert_history (rule, id);
