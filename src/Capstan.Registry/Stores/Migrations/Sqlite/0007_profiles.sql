-- Reference profiles: at most one per version, the JSON text monitoring made of the version's training data and of its
-- predictions on it. A profile goes with its version (ON DELETE CASCADE), so deleting a version needs no extra step.

CREATE TABLE version_profiles (
    model      TEXT NOT NULL,
    version    INTEGER NOT NULL,
    profile    TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    PRIMARY KEY (model, version),
    FOREIGN KEY (model, version) REFERENCES model_versions (model, version) ON DELETE CASCADE
) STRICT;
