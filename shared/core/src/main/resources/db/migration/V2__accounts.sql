-- Accounts (issue 5): users, one-time account tokens (email verification, password reset), refresh-token
-- families, and the failed-login log that throttling reads. Lambda environments share nothing, so every
-- piece of state that must hold across requests lives here.

CREATE TABLE users (
    id                    BIGSERIAL PRIMARY KEY,
    email                 VARCHAR(254) NOT NULL,
    username              VARCHAR(50)  NOT NULL,
    password_hash         TEXT         NOT NULL,
    full_name             VARCHAR(100),
    avatar_url            VARCHAR(500),
    is_active             BOOLEAN      NOT NULL DEFAULT TRUE,
    is_verified           BOOLEAN      NOT NULL DEFAULT FALSE,
    role                  VARCHAR(10)  NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'admin')),
    daily_limit_minutes   INTEGER      NOT NULL DEFAULT 120 CHECK (daily_limit_minutes BETWEEN 1 AND 1440),
    notifications_enabled BOOLEAN      NOT NULL DEFAULT TRUE,
    email_reminders       BOOLEAN      NOT NULL DEFAULT TRUE,
    created_at            TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at            TIMESTAMPTZ  NOT NULL DEFAULT now(),
    last_login            TIMESTAMPTZ
);
-- Case-insensitive uniqueness is the database's job: two concurrent registrations of Bob@x and bob@x
-- cannot both succeed, whatever the application checked before.
CREATE UNIQUE INDEX users_email_ci ON users (lower(email));
CREATE UNIQUE INDEX users_username_ci ON users (lower(username));

-- Verification (24 h) and reset (1 h) tokens: only the SHA-256 of the random token is stored, so a copy
-- of this table lets nobody verify or reset an account.
CREATE TABLE account_tokens (
    id         BIGSERIAL PRIMARY KEY,
    user_id    BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose    VARCHAR(20) NOT NULL CHECK (purpose IN ('verify_email', 'reset_password')),
    token_hash CHAR(64)    NOT NULL UNIQUE,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX account_tokens_user ON account_tokens (user_id, purpose);

-- Refresh tokens, hashed. Every login starts a family; every refresh marks the presented token used and
-- issues the next one of the same family. Presenting a used token again means it was stolen: the whole
-- family is revoked.
CREATE TABLE refresh_tokens (
    id         BIGSERIAL PRIMARY KEY,
    user_id    BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    family_id  UUID        NOT NULL,
    token_hash CHAR(64)    NOT NULL UNIQUE,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ,
    revoked_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id);

-- Login attempts, for throttling per account (the lower-cased email, whether or not it exists) and per
-- client address.
CREATE TABLE login_attempts (
    id           BIGSERIAL PRIMARY KEY,
    email_key    VARCHAR(254) NOT NULL,
    source_ip    VARCHAR(64)  NOT NULL,
    succeeded    BOOLEAN      NOT NULL,
    attempted_at TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX login_attempts_email ON login_attempts (email_key, attempted_at);
CREATE INDEX login_attempts_ip ON login_attempts (source_ip, attempted_at);
