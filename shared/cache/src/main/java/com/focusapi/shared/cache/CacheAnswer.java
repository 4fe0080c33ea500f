package com.focusapi.shared.cache;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What {@link CacheService#getOrLoadAnswer} gives a route that answers with the cached value itself: on a hit,
 * the entry's JSON exactly as Redis holds it (never decoded, then re-encoded: issue 11, a cache hit costs a GET
 * and little more); on a miss, or with the cache off or unreachable, the value the loader returned, which
 * Micronaut serialises as for any other route. Both give the same body: the cache writes its entries with the
 * API's own conventions, and {@code CacheAnswerTest}s of each function compare a hit's body with a miss's.
 * Empty when the loader found nothing (nothing was cached either).
 *
 * @param <T> the type of the entry, for the reader of the code and of the OpenAPI document
 */
public final class CacheAnswer<T> {
    private static final CacheAnswer<?> EMPTY = new CacheAnswer<>(null, null);

    private final String json;
    private final T value;

    private CacheAnswer(String json, T value) {
        this.json = json;
        this.value = value;
    }

    static <T> CacheAnswer<T> cached(String json) {
        return new CacheAnswer<>(json, null);
    }

    @SuppressWarnings("unchecked")
    static <T> CacheAnswer<T> loaded(T value) {
        return value == null ? (CacheAnswer<T>) EMPTY : new CacheAnswer<>(null, value);
    }

    public boolean isEmpty() {
        return json == null && value == null;
    }

    /** The entry's JSON, when it came from the cache. */
    public Optional<String> cachedJson() {
        return Optional.ofNullable(json);
    }

    /** The loaded value, when it came from the loader. */
    public Optional<T> loadedValue() {
        return Optional.ofNullable(value);
    }

    /** A 200 with this answer, or the exception of {@code notFound} when it is empty. */
    @SuppressWarnings("unchecked")
    public <X extends RuntimeException> HttpResponse<T> orElseThrow(Supplier<X> notFound) {
        if (json != null) {
            // A CharSequence body is written as it is; the content type says it is JSON.
            return (HttpResponse<T>)
                    (HttpResponse<?>) HttpResponse.ok(json).contentType(MediaType.APPLICATION_JSON_TYPE);
        }
        if (value != null) {
            return HttpResponse.ok(value);
        }
        throw notFound.get();
    }
}
