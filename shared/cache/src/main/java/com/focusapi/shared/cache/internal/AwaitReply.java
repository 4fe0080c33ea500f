package com.focusapi.shared.cache.internal;

import java.util.List;
import java.util.Optional;

/**
 * The answer of {@link Scripts#AWAIT}: the value once the loader stored it ({@code {1, value}}), else
 * whether the loader still holds its lock ({@code {0, 1}}) or gave up ({@code {0, 0}}).
 */
record AwaitReply(boolean filled, String value, boolean lockHeld) {

    /** Empty for any other shape: the caller treats it as a cache failure (never a ClassCastException). */
    static Optional<AwaitReply> from(List<?> answer) {
        if (answer == null || answer.size() != 2) {
            return Optional.empty();
        }
        if (Long.valueOf(1).equals(answer.get(0)) && answer.get(1) instanceof String value) {
            return Optional.of(new AwaitReply(true, value, false));
        }
        if (Long.valueOf(0).equals(answer.get(0)) && answer.get(1) instanceof Long held && (held == 0 || held == 1)) {
            return Optional.of(new AwaitReply(false, null, held == 1));
        }
        return Optional.empty();
    }
}
