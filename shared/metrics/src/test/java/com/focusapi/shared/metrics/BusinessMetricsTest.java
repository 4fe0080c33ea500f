package com.focusapi.shared.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.context.ApplicationContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The business API writes the guide's names, with normalised and capped labels. */
class BusinessMetricsTest {

    @Test
    void eachTrackCallIncrementsItsMetric() {
        try (ApplicationContext context =
                ApplicationContext.run(Map.of("function.name", "business", "metrics.app-name-limit", 2))) {
            BusinessMetrics business = context.getBean(BusinessMetrics.class);
            business.trackUserRegistration();
            business.trackUserRegistration();
            business.trackUserLogin();
            business.trackActivityCreated("  Candy   Crush ", 30);
            business.trackActivityCreated("candy crush", 90);
            business.trackActivityCreated("TikTok", 5);
            business.trackActivityCreated("Instagram", 5); // third distinct name: over the limit of 2
            business.trackChallengeCreated();
            business.trackEmailSent("verification", true);
            business.trackEmailSent("verification", false);
            business.trackAppBlocked("TikTok");
            business.trackLimitReached("TikTok");

            String text = context.getBean(PrometheusMeterRegistry.class).scrape();
            assertThat(PrometheusText.value(text, "focus_api_users_registered_total", Map.of("function", "business")))
                    .isEqualTo(2);
            assertThat(PrometheusText.value(text, "focus_api_users_logged_in_total", Map.of()))
                    .isEqualTo(1);
            assertThat(PrometheusText.value(
                            text, "focus_api_activities_created_total", Map.of("app_name", "candy_crush")))
                    .isEqualTo(2);
            assertThat(PrometheusText.value(text, "focus_api_activities_created_total", Map.of("app_name", "tiktok")))
                    .isEqualTo(1);
            assertThat(PrometheusText.value(text, "focus_api_activities_created_total", Map.of("app_name", "other")))
                    .isEqualTo(1);
            assertThat(PrometheusText.value(
                            text, "focus_api_activities_duration_minutes_sum", Map.of("app_name", "candy_crush")))
                    .isEqualTo(120);
            assertThat(PrometheusText.value(
                            text,
                            "focus_api_activities_duration_minutes_bucket",
                            Map.of("app_name", "candy_crush", "le", "30.0")))
                    .isEqualTo(1);
            assertThat(PrometheusText.value(text, "focus_api_challenges_created_total", Map.of()))
                    .isEqualTo(1);
            assertThat(PrometheusText.value(
                            text, "focus_api_emails_sent_total", Map.of("type", "verification", "status", "success")))
                    .isEqualTo(1);
            assertThat(PrometheusText.value(
                            text, "focus_api_emails_sent_total", Map.of("type", "verification", "status", "failure")))
                    .isEqualTo(1);
            assertThat(PrometheusText.value(text, "focus_api_apps_blocked_total", Map.of("app_name", "tiktok")))
                    .isEqualTo(1);
            assertThat(PrometheusText.value(text, "focus_api_limits_reached_total", Map.of("app_name", "tiktok")))
                    .isEqualTo(1);
        }
    }

    /**
     * Issue 12: 200 one-off names arrive first and fill the 50 labels; YouTube and TikTok, used far more
     * afterwards, still get their own series, and a later flood of one-off names does not take them away.
     */
    @Test
    void appNameLabelsGoToTheAppsWithTheMostActivitiesNotTheFirstSeen() {
        try (ApplicationContext context =
                ApplicationContext.run(Map.of("function.name", "top", "metrics.app-name-limit", 50))) {
            BusinessMetrics business = context.getBean(BusinessMetrics.class);
            for (int i = 0; i < 200; i++) {
                business.trackActivityCreated("oneoff-" + i, 1);
            }
            for (int i = 0; i < 100; i++) {
                business.trackActivityCreated("YouTube", 10);
                if (i < 60) {
                    business.trackActivityCreated("TikTok", 10);
                }
            }
            for (int i = 0; i < 1_000; i++) {
                business.trackActivityCreated("late-" + i, 1);
            }
            business.trackAppBlocked("YouTube");

            String text = context.getBean(PrometheusMeterRegistry.class).scrape();
            // Each was "other" for its first event only: the next made its guaranteed count beat a one-off's.
            assertThat(PrometheusText.value(text, "focus_api_activities_created_total", Map.of("app_name", "youtube")))
                    .isEqualTo(99);
            assertThat(PrometheusText.value(text, "focus_api_activities_created_total", Map.of("app_name", "tiktok")))
                    .isEqualTo(59);
            assertThat(PrometheusText.value(text, "focus_api_apps_blocked_total", Map.of("app_name", "youtube")))
                    .isEqualTo(1);
            assertThat(PrometheusText.value(text, "focus_api_activities_created_total", Map.of()))
                    .isEqualTo(1_360);
            // Bounded: the 50 labels of the moment, the two that were displaced for the apps, and "other".
            assertThat(PrometheusText.series(text, "focus_api_activities_created_total"))
                    .isEqualTo(52 + 1);
        }
    }

    @Test
    void gaugesKeepTheGuideNamesAndTheLastValueSet() {
        try (ApplicationContext context = ApplicationContext.run(Map.of("function.name", "gauges"))) {
            // A plain registry beside Prometheus stands for CloudWatch: it gets ordinary gauges.
            var simple = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
            ((io.micrometer.core.instrument.composite.CompositeMeterRegistry)
                            context.getBean(io.micrometer.core.instrument.MeterRegistry.class))
                    .add(simple);
            ExactGauges gauges = context.getBean(ExactGauges.class);
            gauges.set(MetricNames.USERS, "status", "active", 5);
            gauges.set(MetricNames.USERS, "status", "inactive", 2);
            gauges.set(MetricNames.CHALLENGES, "status", "active", 3);
            gauges.set(MetricNames.CHALLENGES, "status", "pending", 1);
            gauges.set(MetricNames.CHALLENGES_PARTICIPANTS, null, null, 9);
            gauges.set(MetricNames.USERS, "status", "active", 6);
            gauges.set(MetricNames.USERS, "status", "inactive", 0);

            String text = context.getBean(PrometheusMeterRegistry.class).scrape();
            assertThat(PrometheusText.value(
                            text, "focus_api_users_total", Map.of("status", "active", "function", "gauges")))
                    .isEqualTo(6);
            assertThat(PrometheusText.value(text, "focus_api_users_total", Map.of("status", "inactive")))
                    .isEqualTo(0);
            assertThat(PrometheusText.value(text, "focus_api_challenges_total", Map.of("status", "active")))
                    .isEqualTo(3);
            assertThat(PrometheusText.value(
                            text, "focus_api_challenges_participants_total", Map.of("function", "gauges")))
                    .isEqualTo(9);
            // Not also under the mangled names Micrometer would have produced
            assertThat(text).doesNotContain("focus_api_users{").doesNotContain("focus_api_challenges{");
            // The same values reach the Micrometer registries (CloudWatch) as gauges
            assertThat(simple.get(MetricNames.USERS)
                            .tag("status", "active")
                            .gauge()
                            .value())
                    .isEqualTo(6);
            assertThat(simple.get(MetricNames.CHALLENGES_PARTICIPANTS).gauge().value())
                    .isEqualTo(9);
        }
    }
}
