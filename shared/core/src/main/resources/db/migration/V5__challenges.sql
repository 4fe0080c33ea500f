-- Challenges (issue 9): screen-time challenges between friends, their participants, and the markers that
-- make the scheduled lifecycle (activate, complete, email the results) run each step exactly once.
-- Every rule the API checks is also a constraint here, so no code path can store a challenge the API
-- would have refused.

CREATE TABLE challenges (
    id               BIGSERIAL PRIMARY KEY,
    creator_id       BIGINT        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title            VARCHAR(100)  NOT NULL CHECK (btrim(title) <> ''),
    description      VARCHAR(1000),
    challenge_type   VARCHAR(20)   NOT NULL CHECK (challenge_type IN ('minimize_time', 'daily_goal', 'weekly_goal')),
    target_app       VARCHAR(100)  CHECK (target_app IS NULL OR btrim(target_app) <> ''),
    target_minutes   INTEGER       NOT NULL CHECK (target_minutes > 0 AND target_minutes <= 1440),
    start_date       DATE          NOT NULL,
    end_date         DATE          NOT NULL,
    max_participants INTEGER       NOT NULL DEFAULT 10 CHECK (max_participants BETWEEN 2 AND 50),
    is_private       BOOLEAN       NOT NULL DEFAULT FALSE,
    -- Private challenges only; never cached, never shown to non-participants.
    invitation_code  CHAR(8)       UNIQUE CHECK (invitation_code ~ '^[A-Z0-9]{8}$'),
    status           VARCHAR(10)   NOT NULL DEFAULT 'pending'
                                   CHECK (status IN ('pending', 'active', 'completed', 'cancelled')),
    winner_id        BIGINT        REFERENCES users (id) ON DELETE SET NULL,
    activated_at     TIMESTAMPTZ,
    completed_at     TIMESTAMPTZ,
    cancelled_at     TIMESTAMPTZ,
    -- Set once every participant's result email was handled; the lifecycle looks for completed rows
    -- where it is NULL (and locks them with SKIP LOCKED, so two overlapping runs never share one).
    results_sent_at  TIMESTAMPTZ,
    created_at       TIMESTAMPTZ   NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ   NOT NULL DEFAULT now(),
    -- 1 to 30 days, both ends included.
    CHECK (end_date >= start_date AND end_date - start_date <= 29),
    CHECK (is_private = (invitation_code IS NOT NULL)),
    CHECK (winner_id IS NULL OR status = 'completed')
);
CREATE INDEX challenges_status_start ON challenges (status, start_date);
CREATE INDEX challenges_status_end ON challenges (status, end_date);
CREATE INDEX challenges_creator ON challenges (creator_id);
CREATE INDEX challenges_results_unsent ON challenges (id) WHERE status = 'completed' AND results_sent_at IS NULL;

-- One row per (challenge, user). Leaving is soft (is_active false, left_at); joining again reactivates the
-- row. The final_* columns are written once, when the challenge completes: the frozen leaderboard.
CREATE TABLE challenge_participants (
    challenge_id        BIGINT       NOT NULL REFERENCES challenges (id) ON DELETE CASCADE,
    user_id             BIGINT       NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    joined_at           TIMESTAMPTZ  NOT NULL DEFAULT now(),
    is_active           BOOLEAN      NOT NULL DEFAULT TRUE,
    left_at             TIMESTAMPTZ,
    final_total_minutes INTEGER      CHECK (final_total_minutes >= 0),
    final_daily_average NUMERIC(10, 2) CHECK (final_daily_average >= 0),
    final_goal_achieved BOOLEAN,
    final_score         INTEGER      CHECK (final_score >= 0),
    final_rank          INTEGER      CHECK (final_rank >= 1),
    PRIMARY KEY (challenge_id, user_id),
    CHECK (is_active OR left_at IS NOT NULL)
);
-- "Which challenges of this user contain this date?": what every activity write asks to invalidate leaderboards.
CREATE INDEX challenge_participants_user ON challenge_participants (user_id) WHERE is_active;

-- One row per email the lifecycle sent: the primary key makes a second send of the same result impossible,
-- whichever run (or overlapping run) tries it. The row is inserted in the transaction that sends, so a failed
-- send rolls it back and a later run tries again.
CREATE TABLE challenge_emails (
    challenge_id BIGINT      NOT NULL REFERENCES challenges (id) ON DELETE CASCADE,
    user_id      BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind         VARCHAR(20) NOT NULL CHECK (kind IN ('results')),
    sent_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (challenge_id, user_id, kind)
);
