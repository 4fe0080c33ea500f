package com.focusapi.shared.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.focusapi.shared.cache.RedisSettings;
import org.junit.jupiter.api.Test;

/** How the configured endpoint becomes a client: an ElastiCache Serverless host is always a cluster. */
class RedisTargetTest {

    @Test
    void aServerlessEndpointIsAClusterWithoutRedisCluster() {
        RedisSettings settings = new RedisSettings();
        settings.setUrl("rediss://focus-abc.serverless.euw3.cache.amazonaws.com:6379");
        RedisConnector.RedisTarget target = RedisConnector.RedisTarget.resolve(settings);
        assertThat(target.cluster()).isTrue();
        assertThat(target.describe()).endsWith("(cluster)");
    }

    @Test
    void otherHostsFollowRedisCluster() {
        RedisSettings settings = new RedisSettings();
        settings.setUrl("redis://focus.abc.cache.amazonaws.com:6379");
        assertThat(RedisConnector.RedisTarget.resolve(settings).cluster()).isFalse();
        settings.setCluster(true);
        assertThat(RedisConnector.RedisTarget.resolve(settings).cluster()).isTrue();
    }
}
