package com.focusapi.shared.cache.internal;

/**
 * Whether the ElastiCache SDK is on the class path. It is an optional dependency of the cache module (2.6 MB
 * of every jar for one call at init), so discovery by cache name checks before it touches
 * {@link ElastiCacheEndpoints}, and says what to do instead of failing with a NoClassDefFoundError.
 */
final class ElastiCacheSdk {
    private ElastiCacheSdk() {}

    static boolean present() {
        try {
            Class.forName(
                    "software.amazon.awssdk.services.elasticache.ElastiCacheClient",
                    false,
                    ElastiCacheSdk.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    static IllegalStateException missing(String cacheName) {
        return new IllegalStateException("REDIS_CACHE_NAME=" + cacheName + " without REDIS_URL or REDIS_HOST needs "
                + "endpoint discovery, and this function was built without the ElastiCache SDK "
                + "(software.amazon.awssdk:elasticache): set REDIS_HOST/REDIS_URL to the cache endpoint "
                + "(template.yaml does), or add that dependency to the function");
    }
}
