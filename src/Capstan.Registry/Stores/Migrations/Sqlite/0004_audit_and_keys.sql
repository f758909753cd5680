-- API keys and the tamper-evident audit trail.
-- A key keeps only the SHA-256 of its secret; models is a JSON array of model names, or NULL for every model.
-- audit_log holds hash-chained entries with gap-free sequence numbers; audit_head holds the last sequence and hash in
-- one row that every append locks and updates in its transaction, which serializes appends and shows a cut tail.

CREATE TABLE api_keys (
    id          TEXT NOT NULL PRIMARY KEY,
    secret_hash TEXT NOT NULL,
    name        TEXT NOT NULL,
    role        TEXT NOT NULL CHECK (role IN ('viewer', 'predictor', 'deployer', 'admin')),
    models      TEXT,
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    expires_at  TEXT,
    revoked_at  TEXT,
    revoked_by  TEXT
) STRICT;

CREATE TABLE audit_log (
    sequence      INTEGER NOT NULL PRIMARY KEY CHECK (sequence > 0),
    at            TEXT NOT NULL,
    actor         TEXT NOT NULL,
    actor_key     TEXT,
    actor_address TEXT,
    action        TEXT NOT NULL,
    target        TEXT NOT NULL,
    model         TEXT,
    before        TEXT,
    after         TEXT,
    previous_hash TEXT NOT NULL,
    hash          TEXT NOT NULL
) STRICT;

CREATE INDEX audit_log_by_model ON audit_log (model, sequence);

CREATE TABLE audit_head (
    id       INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    sequence INTEGER NOT NULL CHECK (sequence >= 0),
    hash     TEXT NOT NULL
) STRICT;

INSERT INTO audit_head (id, sequence, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
