-- Account abuse limits (issue 12).
--
-- Refresh-token families get an absolute end: every token of a family carries it (copied on rotation), so a
-- session kept alive by refreshing still ends and asks for a login. Families started before this migration
-- end 30 days after their first token (the default JWT_REFRESH_FAMILY_TTL).
ALTER TABLE refresh_tokens ADD COLUMN family_expires_at TIMESTAMPTZ;
UPDATE refresh_tokens t SET family_expires_at = f.started + interval '30 days'
    FROM (SELECT family_id, min(created_at) AS started FROM refresh_tokens GROUP BY family_id) f
    WHERE t.family_id = f.family_id;
ALTER TABLE refresh_tokens ALTER COLUMN family_expires_at SET NOT NULL;
-- The function always sets it; the default serves rows written by hand (tests, SQL run by an operator).
ALTER TABLE refresh_tokens ALTER COLUMN family_expires_at SET DEFAULT now() + interval '30 days';

-- Requests that may send an account email (register, resend-verification, forgot-password), one row each,
-- whether or not an email went out: the per-address limit counts every request, the per-email limit counts
-- the emails actually sent (sent = TRUE). Deleted by the storage janitor after a day.
CREATE TABLE account_email_requests (
    id           BIGSERIAL PRIMARY KEY,
    email_key    VARCHAR(254) NOT NULL,
    source_ip    VARCHAR(64)  NOT NULL,
    sent         BOOLEAN      NOT NULL DEFAULT FALSE,
    requested_at TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX account_email_requests_email ON account_email_requests (email_key, requested_at);
CREATE INDEX account_email_requests_ip ON account_email_requests (source_ip, requested_at);

-- Login throttling now also counts per account and address together.
CREATE INDEX login_attempts_email_ip ON login_attempts (email_key, source_ip, attempted_at);
