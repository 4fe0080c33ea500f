package com.focusapi.shared.metrics.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.focusapi.shared.metrics.MetricNames;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The bounded top-K behind the {@code app_name} label. */
class TopLabelsTest {

    @Test
    void theLabelledSetFollowsTheVolumeAsItShifts() {
        TopLabels top = new TopLabels(3);
        for (String app : new String[] {"a", "b", "c"}) {
            top.admit(app);
        }
        for (int i = 0; i < 10; i++) {
            top.admit("d");
            top.admit("e");
            top.admit("a");
        }
        assertThat(top.labelled()).containsExactlyInAnyOrder("a", "d", "e");
        assertThat(top.admit("b")).isEqualTo(MetricNames.OTHER);
        assertThat(top.admit("D")).isEqualTo("d");
    }

    @Test
    void churnNeverLabelsMoreThanTwiceTheLimitInAll() {
        TopLabels top = new TopLabels(5);
        Set<String> everReturned = new HashSet<>();
        // Waves of new apps, each wave busier than the last, so each would displace the previous one.
        for (int wave = 0; wave < 20; wave++) {
            for (int repeat = 0; repeat < (wave + 1) * 10; repeat++) {
                for (int app = 0; app < 5; app++) {
                    everReturned.add(top.admit("wave" + wave + "-app" + app));
                }
            }
        }
        everReturned.remove(MetricNames.OTHER);
        assertThat(everReturned).hasSizeLessThanOrEqualTo(10);
        assertThat(top.labelled()).hasSize(5);
    }
}
