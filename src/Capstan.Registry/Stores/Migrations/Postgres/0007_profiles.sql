-- Reference profiles: at most one per version, the JSON text monitoring made of the version's training data and of its
-- predictions on it. A profile goes with its version (ON DELETE CASCADE), so deleting a version needs no extra step.

CREATE TABLE version_profiles (
    model      text COLLATE "C" NOT NULL,
    version    integer NOT NULL,
    profile    text NOT NULL,
    updated_at timestamptz NOT NULL,
    updated_by text NOT NULL,
    PRIMARY KEY (model, version),
    FOREIGN KEY (model, version) REFERENCES model_versions (model, version) ON DELETE CASCADE
);
