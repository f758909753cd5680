-- API keys and the tamper-evident audit trail.
-- A key keeps only the SHA-256 of its secret; models is a JSON array of model names, or NULL for every model.
-- audit_log holds hash-chained entries with gap-free sequence numbers; audit_head holds the last sequence and hash in
-- one row that every append locks and updates in its transaction, which serializes appends and shows a cut tail.

CREATE TABLE api_keys (
    id          text COLLATE "C" PRIMARY KEY,
    secret_hash text NOT NULL,
    name        text NOT NULL,
    role        text NOT NULL CHECK (role IN ('viewer', 'predictor', 'deployer', 'admin')),
    models      text,
    created_at  timestamptz NOT NULL,
    created_by  text NOT NULL,
    expires_at  timestamptz,
    revoked_at  timestamptz,
    revoked_by  text
);

CREATE TABLE audit_log (
    sequence      bigint PRIMARY KEY CHECK (sequence > 0),
    at            timestamptz NOT NULL,
    actor         text NOT NULL,
    actor_key     text,
    actor_address text,
    action        text NOT NULL,
    target        text NOT NULL,
    model         text COLLATE "C",
    before        text,
    after         text,
    previous_hash text NOT NULL,
    hash          text NOT NULL
);

CREATE INDEX audit_log_by_model ON audit_log (model, sequence);

CREATE TABLE audit_head (
    id       integer PRIMARY KEY CHECK (id = 1),
    sequence bigint NOT NULL CHECK (sequence >= 0),
    hash     text NOT NULL
);

INSERT INTO audit_head (id, sequence, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
