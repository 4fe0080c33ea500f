package com.focusapi.shared.metrics.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.focusapi.shared.metrics.MetricNames;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExactNamesCollectorTest {

    private static ExactNamesCollector withEverySeries(ExactNamesCollector collector) {
        collector.gauge(MetricNames.CHALLENGES, "status", "active").set(2);
        collector.gauge(MetricNames.USERS, "status", "active").set(4);
        collector.gauge(MetricNames.CHALLENGES_PARTICIPANTS, null, null).set(3);
        collector.counter(MetricNames.CHALLENGES_CREATED, null, null).add(1);
        collector
                .counter(MetricNames.ACTIVITIES_CREATED, MetricNames.TAG_APP_NAME, "youtube")
                .add(1);
        return collector;
    }

    private static String scrape(ExactNamesCollector collector) throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(collector);
        MetricSnapshots snapshots = registry.scrape();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new PrometheusTextFormatWriter(false).write(out, snapshots);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void exposesTheGuideNamesExactly() throws Exception {
        String text = scrape(withEverySeries(new ExactNamesCollector("f", Map.of("version", "1"))));
        assertThat(text)
                .contains("focus_api_challenges_total{function=\"f\",status=\"active\"} 2")
                .contains("focus_api_challenges_created_total{function=\"f\"} 1")
                .contains("focus_api_users_total{function=\"f\",status=\"active\"} 4")
                .contains("focus_api_activities_created_total{app_name=\"youtube\",function=\"f\"} 1");
    }

    /**
     * If the client's internals change and names cannot be set exactly, the scrape must still succeed: the
     * sanitised fallback turned focus_api_challenges_total (gauge) and focus_api_challenges_created_total
     * (counter) both into focus_api_challenges, and MetricSnapshots threw on the duplicate.
     */
    @Test
    void aScrapeNeverThrowsWhenExactNamesCannotBeSet() throws Exception {
        ExactNamesCollector collector = withEverySeries(new ExactNamesCollector("f", Map.of("version", "1")));
        collector.simulateRenameFailure();
        String text = scrape(collector);
        assertThat(text).contains("focus_api_info{function=\"f\",version=\"1\"} 1");
        assertThat(text).doesNotContain("focus_api_challenges");
    }

    @Test
    void disabledExposesNothing() throws Exception {
        ExactNamesCollector collector = withEverySeries(new ExactNamesCollector("f", Map.of("version", "1"), false));
        assertThat(scrape(collector)).isBlank();
    }
}
