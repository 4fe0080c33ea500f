package com.focusapi.shared.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Introspected;
import java.util.List;

/**
 * The paginated list of the wire format: {@code page} counts from 1, {@code page_size} is at most 100.
 * {@code items} is always there, {@code []} on an empty page (Micronaut leaves empty values out by default).
 */
@Introspected
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Page<T>(
        @JsonInclude(JsonInclude.Include.ALWAYS) List<T> items, long total, int page, int pageSize, int totalPages) {
    public static final int MAX_PAGE_SIZE = 100;

    /**
     * The deepest page a list serves. Beyond it the offset ({@code (page - 1) * page_size}) would overflow an
     * int and PostgreSQL would scan millions of rows to skip them; 100,000 pages of 100 is ten million items,
     * more than any one user's list holds.
     */
    public static final int MAX_PAGE = 100_000;

    public static <T> Page<T> of(List<T> items, long total, int page, int pageSize) {
        return new Page<>(items, total, page, pageSize, (int) ((total + pageSize - 1) / pageSize));
    }

    /** 400 naming {@code page} or {@code page_size} when out of range; after it, the offset fits an int. */
    public static void check(int page, int pageSize) {
        if (page < 1 || page > MAX_PAGE) {
            throw ProblemException.invalidField("page", "must be between 1 and " + MAX_PAGE);
        }
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw ProblemException.invalidField("page_size", "must be between 1 and " + MAX_PAGE_SIZE);
        }
    }
}
