-- Blocked apps (issue 9): one daily limit per app and user, and the log of limit crossings.

CREATE TABLE blocked_apps (
    id                   BIGSERIAL PRIMARY KEY,
    user_id              BIGINT       NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    app_name             VARCHAR(100) NOT NULL CHECK (length(btrim(app_name)) > 0),
    app_package          VARCHAR(255),
    app_category         VARCHAR(50)  NOT NULL DEFAULT 'social_media',
    daily_limit_minutes  INTEGER      NOT NULL DEFAULT 60 CHECK (daily_limit_minutes > 0 AND daily_limit_minutes <= 1440),
    is_blocked           BOOLEAN      NOT NULL DEFAULT FALSE,
    block_start_time     TIME,
    block_end_time       TIME,
    block_on_weekends    BOOLEAN      NOT NULL DEFAULT FALSE,
    notify_at_percentage INTEGER      NOT NULL DEFAULT 80 CHECK (notify_at_percentage BETWEEN 1 AND 100),
    last_blocked_at      TIMESTAMPTZ,
    created_at           TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at           TIMESTAMPTZ  NOT NULL DEFAULT now(),
    -- A window has both ends or none (it may cross midnight: 22:00-06:00).
    CHECK ((block_start_time IS NULL) = (block_end_time IS NULL))
);
-- One limit per app and user, whatever the case: two concurrent creations of "YouTube" and "youtube"
-- cannot both succeed.
CREATE UNIQUE INDEX blocked_apps_user_app_ci ON blocked_apps (user_id, lower(app_name));

-- Each crossing (the warning threshold, the limit itself) of one app by one user on one day, exactly once:
-- the transaction whose INSERT ... ON CONFLICT DO NOTHING writes the row is the one that counts it (metrics,
-- the response's warning, the block). app_name is stored lower-cased, the key of the limit.
CREATE TABLE limit_events (
    user_id    BIGINT       NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    app_name   VARCHAR(100) NOT NULL,
    day        DATE         NOT NULL,
    kind       VARCHAR(10)  NOT NULL CHECK (kind IN ('warning', 'blocked')),
    usage_minutes INTEGER   NOT NULL,
    created_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, app_name, day, kind)
);
CREATE INDEX limit_events_day ON limit_events (day);
