package com.focusapi.shared.cache.internal;

import java.util.List;
import java.util.Optional;

/**
 * The answer of {@link Scripts#INVALIDATE}: how many entries existed, and how many members the tag set
 * still has (added since they were read: another round deletes them).
 */
record InvalidateReply(long deleted, long remaining) {

    /** Empty for any other shape: the caller treats it as a cache failure (never a ClassCastException). */
    static Optional<InvalidateReply> from(List<?> answer) {
        if (answer != null
                && answer.size() == 2
                && answer.get(0) instanceof Long deleted
                && deleted >= 0
                && answer.get(1) instanceof Long remaining
                && remaining >= 0) {
            return Optional.of(new InvalidateReply(deleted, remaining));
        }
        return Optional.empty();
    }
}
