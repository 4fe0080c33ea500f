-- Activities (issue 5): one usage session of one app, and the Idempotency-Key records of POST /api/activities.

CREATE TABLE activities (
    id               BIGSERIAL PRIMARY KEY,
    user_id          BIGINT       NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    app_name         VARCHAR(100) NOT NULL,
    app_package      VARCHAR(255),
    app_category     VARCHAR(50)  NOT NULL DEFAULT 'social_media',
    duration_minutes INTEGER      NOT NULL CHECK (duration_minutes > 0 AND duration_minutes <= 1440),
    start_time       TIMESTAMPTZ,
    end_time         TIMESTAMPTZ,
    activity_date    DATE         NOT NULL,
    device_type      VARCHAR(50),
    session_id       VARCHAR(100),
    created_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CHECK (end_time IS NULL OR start_time IS NULL OR end_time >= start_time)
);
CREATE INDEX activities_user_date ON activities (user_id, activity_date);
CREATE INDEX activities_user_app ON activities (user_id, app_name, activity_date);

-- One row per (user, Idempotency-Key): the fingerprint of the first request and the answer it got.
-- The primary key serialises concurrent retries: the second INSERT waits for the first transaction and
-- then finds its row, so only one activity is ever written per key.
CREATE TABLE idempotency_keys (
    user_id         BIGINT       NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    idempotency_key VARCHAR(255) NOT NULL,
    request_hash    CHAR(64)     NOT NULL,
    response_status INTEGER,
    response_body   TEXT,
    created_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, idempotency_key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
