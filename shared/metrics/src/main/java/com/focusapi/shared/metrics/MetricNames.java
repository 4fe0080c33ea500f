package com.focusapi.shared.metrics;

import java.util.List;
import java.util.Map;

/**
 * The names and labels of the guide, in one place. Names are the Prometheus names without the suffixes the
 * Prometheus registry adds itself ({@code _total} for counters, {@code _bucket/_sum/_count} for histograms),
 * so that {@link #HTTP_REQUESTS} is scraped as {@code focus_api_http_requests_total}. The names that end
 * in {@code _total} here are exact: the Prometheus client would mangle them, so they are written by
 * {@code ExactNamesCollector}. In CloudWatch, Micrometer appends the statistic ({@code .count}, {@code .sum},
 * {@code .max}, {@code .value}) to each name.
 */
public final class MetricNames {
    private MetricNames() {}

    public static final String PREFIX = "focus_api_";

    // HTTP (the server filter)
    public static final String HTTP_REQUESTS = PREFIX + "http_requests";
    public static final String HTTP_REQUEST_DURATION = PREFIX + "http_request_duration_seconds";
    public static final String HTTP_REQUESTS_IN_PROGRESS = PREFIX + "http_requests_in_progress";
    public static final String HTTP_ERRORS = PREFIX + "http_errors";

    // Database (the JDBC proxy and the pool)
    public static final String DB_QUERIES = PREFIX + "db_queries";
    public static final String DB_QUERY_DURATION = PREFIX + "db_query_duration_seconds";
    public static final String DB_CONNECTIONS_ACTIVE = PREFIX + "db_connections_active";

    // Cache (emitted by the cache module)
    public static final String CACHE_HITS = PREFIX + "cache_hits";
    public static final String CACHE_MISSES = PREFIX + "cache_misses";
    public static final String CACHE_OPERATIONS_DURATION = PREFIX + "cache_operations_duration_seconds";

    // Business
    public static final String USERS = PREFIX + "users_total";
    public static final String USERS_REGISTERED = PREFIX + "users_registered";
    public static final String USERS_LOGGED_IN = PREFIX + "users_logged_in";
    /** Full names: the Prometheus side is written by the ExactNamesCollector (see there why). */
    public static final String ACTIVITIES_CREATED = PREFIX + "activities_created_total";

    public static final String ACTIVITIES_DURATION_MINUTES = PREFIX + "activities_duration_minutes";
    public static final String CHALLENGES = PREFIX + "challenges_total";
    public static final String CHALLENGES_CREATED = PREFIX + "challenges_created_total";
    public static final String CHALLENGES_PARTICIPANTS = PREFIX + "challenges_participants_total";
    public static final String EMAILS_SENT = PREFIX + "emails_sent";
    public static final String APPS_BLOCKED = PREFIX + "apps_blocked";
    public static final String LIMITS_REACHED = PREFIX + "limits_reached";
    public static final String INFO = PREFIX + "info";

    // Publishing health: a push that fails is counted, never thrown
    public static final String PUSH_FAILURES = PREFIX + "metrics_push_failures";

    // Labels
    public static final String TAG_FUNCTION = "function";
    public static final String TAG_METHOD = "method";
    public static final String TAG_ENDPOINT = "endpoint";
    public static final String TAG_STATUS = "status";
    public static final String TAG_ERROR_TYPE = "error_type";
    public static final String TAG_OPERATION = "operation";
    public static final String TAG_APP_NAME = "app_name";
    public static final String TAG_TYPE = "type";
    public static final String TAG_TARGET = "target";

    /** The {@code endpoint} of every request no route matched (scanners, typos): one series, not one per path. */
    public static final String UNMATCHED_ENDPOINT = "unmatched";
    /** The value a capped label takes once its allowance of distinct values is used up. */
    public static final String OTHER = "other";

    /**
     * The HELP text of each metric, in English, saying what it counts. Applied to every meter by name (a
     * filter of the registries), whichever module registers it, so one list holds them all.
     */
    private static final Map<String, String> HELP = Map.ofEntries(
            Map.entry(HTTP_REQUESTS, "HTTP requests answered, by method, route template and status"),
            Map.entry(HTTP_REQUEST_DURATION, "Time taken to answer an HTTP request, in seconds"),
            Map.entry(HTTP_REQUESTS_IN_PROGRESS, "HTTP requests being answered at the moment"),
            Map.entry(HTTP_ERRORS, "HTTP answers with a 4xx or 5xx status, by error type"),
            Map.entry(DB_QUERIES, "SQL statements executed, by statement type"),
            Map.entry(DB_QUERY_DURATION, "Time taken to execute an SQL statement, in seconds"),
            Map.entry(DB_CONNECTIONS_ACTIVE, "Connections of the database pool in use"),
            Map.entry(CACHE_HITS, "Cache look-ups that found a stored value"),
            Map.entry(CACHE_MISSES, "Cache look-ups that found nothing, so the value was computed"),
            Map.entry(CACHE_OPERATIONS_DURATION, "Time taken by a Redis cache operation, in seconds, by operation"),
            Map.entry(USERS, "User accounts, by status (counted by the scheduled business gauges function)"),
            Map.entry(USERS_REGISTERED, "Accounts registered"),
            Map.entry(USERS_LOGGED_IN, "Successful logins"),
            Map.entry(ACTIVITIES_CREATED, "Activities recorded, by app"),
            Map.entry(ACTIVITIES_DURATION_MINUTES, "Duration of the recorded activities, in minutes"),
            Map.entry(CHALLENGES, "Challenges, by status (counted by the scheduled business gauges function)"),
            Map.entry(CHALLENGES_CREATED, "Challenges created"),
            Map.entry(
                    CHALLENGES_PARTICIPANTS,
                    "Active participants of challenges (counted by the scheduled business gauges function)"),
            Map.entry(EMAILS_SENT, "E-mails handed to the sender, by type"),
            Map.entry(APPS_BLOCKED, "Apps blocked on reaching their daily limit"),
            Map.entry(LIMITS_REACHED, "Daily app limits reached"),
            Map.entry(INFO, "Focus API build information (version and name), always 1"),
            Map.entry(PUSH_FAILURES, "Metric pushes that failed, by target"));

    /**
     * The HELP text of the metric {@code name} (as registered, or as scraped with a unit, {@code _total} or
     * {@code _max} suffix), or null for a metric that is not one of the guide's.
     */
    public static String help(String name) {
        if (name.endsWith("_max")) {
            return help(name.substring(0, name.length() - "_max".length()));
        }
        String help = HELP.get(name);
        for (String suffix : new String[] {"_total", "_seconds"}) {
            if (help == null) {
                help = HELP.get(name + suffix);
            }
            if (help == null && name.endsWith(suffix)) {
                help = HELP.get(name.substring(0, name.length() - suffix.length()));
            }
        }
        return help;
    }

    /** The buckets of the guide's histograms (prometheus_client's defaults: 0.005, 0.01 ... 10 seconds). */
    public static final List<Double> DURATION_BUCKETS_SECONDS =
            List.of(0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0);

    /** Activity durations are 0 &lt; d &le; 1440 minutes. */
    public static final List<Double> ACTIVITY_MINUTES_BUCKETS =
            List.of(1.0, 5.0, 15.0, 30.0, 60.0, 120.0, 240.0, 480.0, 1440.0);
}
