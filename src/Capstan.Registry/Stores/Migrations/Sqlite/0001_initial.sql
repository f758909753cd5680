-- Models, their immutable versions, aliases and alias history.
-- Timestamps are TEXT as Microsoft.Data.Sqlite writes a DateTimeOffset (UTC, to the tick); booleans are 0 or 1.

CREATE TABLE models (
    name         TEXT NOT NULL PRIMARY KEY,
    description  TEXT,
    last_version INTEGER NOT NULL CHECK (last_version > 0),
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
) STRICT;

CREATE TABLE model_tags (
    model TEXT NOT NULL REFERENCES models (name),
    key   TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (model, key)
) STRICT;

CREATE TABLE model_versions (
    model            TEXT NOT NULL REFERENCES models (name),
    version          INTEGER NOT NULL CHECK (version > 0),
    format           TEXT NOT NULL,
    size_bytes       INTEGER NOT NULL,
    sha256           TEXT NOT NULL,
    signature        TEXT NOT NULL,
    metrics          TEXT NOT NULL,
    params           TEXT NOT NULL,
    tags             TEXT NOT NULL,
    description      TEXT,
    model_card       TEXT,
    git_commit       TEXT,
    git_branch       TEXT,
    git_dirty        INTEGER CHECK (git_dirty IN (0, 1)),
    data_fingerprint TEXT,
    parent_model     TEXT,
    parent_version   INTEGER,
    pushed_by        TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    archived         INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    PRIMARY KEY (model, version),
    FOREIGN KEY (parent_model, parent_version) REFERENCES model_versions (model, version)
) STRICT;

CREATE INDEX model_versions_by_sha256 ON model_versions (sha256);
CREATE INDEX model_versions_by_parent ON model_versions (parent_model, parent_version);

CREATE TABLE aliases (
    model      TEXT NOT NULL,
    alias      TEXT NOT NULL,
    version    INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    PRIMARY KEY (model, alias),
    FOREIGN KEY (model, version) REFERENCES model_versions (model, version)
) STRICT;

CREATE INDEX aliases_by_version ON aliases (model, version);

CREATE TABLE alias_history (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    model            TEXT NOT NULL REFERENCES models (name),
    alias            TEXT NOT NULL,
    version          INTEGER,
    previous_version INTEGER,
    changed_at       TEXT NOT NULL,
    changed_by       TEXT NOT NULL
) STRICT;

CREATE INDEX alias_history_by_alias ON alias_history (model, alias, id);
