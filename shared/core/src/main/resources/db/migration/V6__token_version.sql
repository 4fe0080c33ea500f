-- Token versions (issues 11 and 12): the generation of an account's sessions. Access tokens carry the
-- version they were issued under and refresh tokens remember it; password change, password reset and
-- deactivation bump it, so every token issued before stops working at once, whatever the cache holds.
-- Existing rows start at 0, the version of tokens issued before this column existed.

ALTER TABLE users ADD COLUMN token_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE refresh_tokens ADD COLUMN token_version INTEGER NOT NULL DEFAULT 0;
