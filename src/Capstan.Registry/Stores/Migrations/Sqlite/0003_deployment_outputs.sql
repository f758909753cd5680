-- The outputs a deployment exposes (a JSON array of names), as Triton's model configuration lists them; NULL exposes all.

ALTER TABLE deployments ADD COLUMN outputs TEXT;
