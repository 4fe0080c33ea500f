package com.focusapi.shared.metrics.internal;

import com.focusapi.shared.metrics.CloudWatchSettings;
import io.micronaut.context.condition.Condition;
import io.micronaut.context.condition.ConditionContext;

/**
 * Whether {@code CLOUDWATCH_ENABLED} is on, read through {@link CloudWatchSettings#isEnabled()}: Micronaut's
 * boolean conversion, so {@code True}, {@code TRUE}, {@code yes} or {@code on} count as on, as for every other
 * flag. ({@code @Requires(property = ..., value = "true")} compares strings exactly: {@code True} would
 * silently create no publisher.)
 */
public final class CloudWatchEnabledCondition implements Condition {
    @Override
    public boolean matches(ConditionContext context) {
        boolean enabled = context.findBean(CloudWatchSettings.class)
                .map(CloudWatchSettings::isEnabled)
                .orElse(false);
        if (!enabled) {
            context.fail("CLOUDWATCH_ENABLED is off");
        }
        return enabled;
    }
}
