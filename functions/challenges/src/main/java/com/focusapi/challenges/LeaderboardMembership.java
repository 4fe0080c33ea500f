package com.focusapi.challenges;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.focusapi.shared.cache.CacheAnswer;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * "Does this leaderboard list the user?", asked of a board that may be the cached JSON (a hit is served without
 * being decoded into a {@link Leaderboard}): a streaming read of {@code participants[*].user_id} only, no
 * object built, no date parsed. The board lists exactly the active participants, so this is the membership
 * test of a private challenge.
 */
final class LeaderboardMembership {
    private static final JsonFactory JSON = new JsonFactory();

    private LeaderboardMembership() {}

    static boolean lists(CacheAnswer<Leaderboard> board, long userId) {
        if (board.loadedValue().isPresent()) {
            return board.loadedValue().get().participants().stream().anyMatch(e -> e.userId() == userId);
        }
        return board.cachedJson().map(json -> lists(json, userId)).orElse(false);
    }

    /** The same question asked of the board's JSON (snake_case, as the cache and the API write it). */
    static boolean lists(String json, long userId) {
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("participants".equals(field) && value == JsonToken.START_ARRAY) {
                    return anyEntryOf(parser, userId);
                }
                parser.skipChildren();
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("A cached leaderboard is not JSON", e);
        }
    }

    private static boolean anyEntryOf(JsonParser parser, long userId) throws IOException {
        while (parser.nextToken() == JsonToken.START_OBJECT) {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("user_id".equals(field) && value == JsonToken.VALUE_NUMBER_INT && parser.getLongValue() == userId) {
                    return true;
                }
                parser.skipChildren();
            }
        }
        return false;
    }
}
