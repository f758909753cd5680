-- Ground-truth labels posted for a model's answered requests: at most one per model and request id, the latest one
-- posted (a label posted again replaces the old one). label is the label's JSON: a number, true or false, or a string.
-- The index serves reads of the labels received over a time range.

CREATE TABLE feedback (
    model       TEXT NOT NULL REFERENCES models (name),
    request_id  TEXT NOT NULL,
    label       TEXT NOT NULL,
    received_at TEXT NOT NULL,
    received_by TEXT NOT NULL,
    PRIMARY KEY (model, request_id)
) STRICT;

CREATE INDEX feedback_received ON feedback (model, received_at, request_id);
