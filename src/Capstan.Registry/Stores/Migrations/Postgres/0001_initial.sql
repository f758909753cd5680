-- Models, their immutable versions, aliases and alias history.
-- Names compare byte by byte (COLLATE "C"), so ordering and prefix ranges match SQLite whatever the database locale.

CREATE TABLE models (
    name         text COLLATE "C" PRIMARY KEY,
    description  text,
    last_version integer NOT NULL CHECK (last_version > 0),
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL
);

CREATE TABLE model_tags (
    model text COLLATE "C" NOT NULL REFERENCES models (name),
    key   text COLLATE "C" NOT NULL,
    value text NOT NULL,
    PRIMARY KEY (model, key)
);

CREATE TABLE model_versions (
    model            text COLLATE "C" NOT NULL REFERENCES models (name),
    version          integer NOT NULL CHECK (version > 0),
    format           text NOT NULL,
    size_bytes       bigint NOT NULL,
    sha256           text NOT NULL,
    signature        text NOT NULL,
    metrics          text NOT NULL,
    params           text NOT NULL,
    tags             text NOT NULL,
    description      text,
    model_card       text,
    git_commit       text,
    git_branch       text,
    git_dirty        boolean,
    data_fingerprint text,
    parent_model     text COLLATE "C",
    parent_version   integer,
    pushed_by        text NOT NULL,
    created_at       timestamptz NOT NULL,
    archived         boolean NOT NULL DEFAULT false,
    PRIMARY KEY (model, version),
    FOREIGN KEY (parent_model, parent_version) REFERENCES model_versions (model, version)
);

CREATE INDEX model_versions_by_sha256 ON model_versions (sha256);
CREATE INDEX model_versions_by_parent ON model_versions (parent_model, parent_version);

CREATE TABLE aliases (
    model      text COLLATE "C" NOT NULL,
    alias      text COLLATE "C" NOT NULL,
    version    integer NOT NULL,
    updated_at timestamptz NOT NULL,
    updated_by text NOT NULL,
    PRIMARY KEY (model, alias),
    FOREIGN KEY (model, version) REFERENCES model_versions (model, version)
);

CREATE INDEX aliases_by_version ON aliases (model, version);

CREATE TABLE alias_history (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    model            text COLLATE "C" NOT NULL REFERENCES models (name),
    alias            text COLLATE "C" NOT NULL,
    version          integer,
    previous_version integer,
    changed_at       timestamptz NOT NULL,
    changed_by       text NOT NULL
);

CREATE INDEX alias_history_by_alias ON alias_history (model, alias, id);
