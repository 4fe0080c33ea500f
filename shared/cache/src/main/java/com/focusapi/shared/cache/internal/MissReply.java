package com.focusapi.shared.cache.internal;

import java.util.List;
import java.util.Optional;

/**
 * The answer of {@link Scripts#MISS}: either the value another caller stored since the first read
 * ({@code {1, value}}), or the family's generation and whether this caller took the load lock
 * ({@code {0, generation, took}}).
 */
record MissReply(boolean filled, String value, String generation, boolean lockTaken) {

    /** Empty for any other shape: the caller treats it as a cache failure (never a ClassCastException). */
    static Optional<MissReply> from(List<?> answer) {
        if (answer == null) {
            return Optional.empty();
        }
        if (answer.size() == 2 && Long.valueOf(1).equals(answer.get(0)) && answer.get(1) instanceof String value) {
            return Optional.of(new MissReply(true, value, null, false));
        }
        if (answer.size() == 3
                && Long.valueOf(0).equals(answer.get(0))
                && answer.get(1) instanceof String generation
                && answer.get(2) instanceof Long took
                && (took == 0 || took == 1)) {
            return Optional.of(new MissReply(false, null, generation, took == 1));
        }
        return Optional.empty();
    }
}
