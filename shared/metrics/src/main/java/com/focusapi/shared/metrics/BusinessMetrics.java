package com.focusapi.shared.metrics;

import com.focusapi.shared.metrics.internal.ExactNamesCollector;
import com.focusapi.shared.metrics.internal.LabelLimiter;
import com.focusapi.shared.metrics.internal.TopLabels;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

/**
 * What the domain functions call when the thing the guide counts happens: {@code trackUserRegistration()}
 * after the user row is committed, {@code trackEmailSent(type, ok)} after the sender answered, and so on.
 * Free-text labels are bounded so a client cannot grow the number of series without bound: {@code app_name}
 * keeps the apps with the most activities ({@link TopLabels}: a bounded top-K by volume, the rest
 * {@code other}; every app_name event counts as volume, so in the blocked-apps function, which records
 * no activities, the apps blocked most get the labels), the e-mail type (a short list written in code) the first 20 seen ({@link LabelLimiter}). The two {@code *_created_total} counters also go through
 * {@link ExactNamesCollector}: the Prometheus client would otherwise strip their {@code _created}.
 */
@Singleton
public class BusinessMetrics {
    private final MeterRegistry registry;
    private final TopLabels appNames;
    private final LabelLimiter emailTypes;
    private final Counter registered;
    private final Counter loggedIn;
    private final Counter challengesCreated;
    private final ExactNamesCollector exact;

    public BusinessMetrics(MeterRegistry registry, MetricsSettings settings, ExactNamesCollector exact) {
        this.registry = registry;
        this.exact = exact;
        this.appNames = new TopLabels(settings.getAppNameLimit());
        this.emailTypes = new LabelLimiter(20);
        this.registered = Counter.builder(MetricNames.USERS_REGISTERED)
                .description("User registrations")
                .register(registry);
        this.loggedIn = Counter.builder(MetricNames.USERS_LOGGED_IN)
                .description("Successful logins")
                .register(registry);
        this.challengesCreated = Counter.builder(MetricNames.CHALLENGES_CREATED)
                .description("Challenges created")
                .register(registry);
    }

    public void trackUserRegistration() {
        registered.increment();
    }

    public void trackUserLogin() {
        loggedIn.increment();
    }

    /** One activity of {@code appName} lasting {@code durationMinutes} was recorded. */
    public void trackActivityCreated(String appName, double durationMinutes) {
        String app = appNames.admit(appName);
        Counter.builder(MetricNames.ACTIVITIES_CREATED)
                .description("Activities recorded")
                .tag(MetricNames.TAG_APP_NAME, app)
                .register(registry)
                .increment();
        exact.counter(MetricNames.ACTIVITIES_CREATED, MetricNames.TAG_APP_NAME, app)
                .add(1);
        DistributionSummary.builder(MetricNames.ACTIVITIES_DURATION_MINUTES)
                .description("Duration of recorded activities")
                .tag(MetricNames.TAG_APP_NAME, app)
                .serviceLevelObjectives(MetricNames.ACTIVITY_MINUTES_BUCKETS.stream()
                        .mapToDouble(Double::doubleValue)
                        .toArray())
                .register(registry)
                .record(durationMinutes);
    }

    public void trackChallengeCreated() {
        challengesCreated.increment();
        exact.counter(MetricNames.CHALLENGES_CREATED, null, null).add(1);
    }

    /** {@code type}: verification, password_reset, challenge_results...; {@code success}: the sender accepted it. */
    public void trackEmailSent(String type, boolean success) {
        Counter.builder(MetricNames.EMAILS_SENT)
                .description("E-mails handed to the sender")
                .tag(MetricNames.TAG_TYPE, emailTypes.admit(type))
                .tag(MetricNames.TAG_STATUS, success ? "success" : "failure")
                .register(registry)
                .increment();
    }

    /** An app reached its daily limit and became blocked. */
    public void trackAppBlocked(String appName) {
        Counter.builder(MetricNames.APPS_BLOCKED)
                .description("Apps blocked on reaching their daily limit")
                .tag(MetricNames.TAG_APP_NAME, appNames.admit(appName))
                .register(registry)
                .increment();
    }

    /** A user's usage of an app first reached its daily limit today. */
    public void trackLimitReached(String appName) {
        Counter.builder(MetricNames.LIMITS_REACHED)
                .description("Daily limits reached")
                .tag(MetricNames.TAG_APP_NAME, appNames.admit(appName))
                .register(registry)
                .increment();
    }
}
