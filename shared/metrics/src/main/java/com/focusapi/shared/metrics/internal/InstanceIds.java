package com.focusapi.shared.metrics.internal;

import java.util.UUID;

/**
 * The {@code instance} of a Pushgateway group: random per execution environment. Not the log stream name
 * nor a host name: a SnapStart snapshot is restored into many environments, which would all share those.
 */
public final class InstanceIds {
    private InstanceIds() {}

    public static String next() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }
}
