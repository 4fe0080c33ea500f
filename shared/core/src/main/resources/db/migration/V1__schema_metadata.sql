-- The migration machinery's first step. Domain tables arrive with their issues (V2 onwards).
-- A place for facts about the deployment itself, read by operators and by the health function.
CREATE TABLE IF NOT EXISTS app_metadata (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
INSERT INTO app_metadata (key, value) VALUES ('schema_owner', 'focus-api') ON CONFLICT (key) DO NOTHING;
