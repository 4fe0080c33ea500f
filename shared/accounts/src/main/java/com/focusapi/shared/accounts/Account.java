package com.focusapi.shared.accounts;

import com.focusapi.shared.cache.NeverCached;
import java.time.OffsetDateTime;

/**
 * One row of {@code users}, password hash included: an entity for services, never serialised, never
 * cached. What goes on the wire or into the cache is {@link OwnProfile} or {@link PublicProfile}.
 */
@NeverCached // holds the password hash: the cache refuses it even if someone tries
public record Account(
        long id,
        String email,
        String username,
        String passwordHash,
        String fullName,
        String avatarUrl,
        boolean active,
        boolean verified,
        String role,
        int dailyLimitMinutes,
        boolean notificationsEnabled,
        boolean emailReminders,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt,
        OffsetDateTime lastLogin,
        int tokenVersion) {

    @Override
    public String toString() {
        // Keeps the hash out of any log line that prints an account.
        return "Account[id=" + id + ", username=" + username + ", role=" + role + "]";
    }
}
