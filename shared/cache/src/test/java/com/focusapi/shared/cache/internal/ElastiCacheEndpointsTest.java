package com.focusapi.shared.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticache.model.DescribeReplicationGroupsResponse;
import software.amazon.awssdk.services.elasticache.model.DescribeServerlessCachesResponse;
import software.amazon.awssdk.services.elasticache.model.Endpoint;
import software.amazon.awssdk.services.elasticache.model.NodeGroup;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroup;
import software.amazon.awssdk.services.elasticache.model.ServerlessCache;

/** How the ElastiCache API's answers become a Redis endpoint (the API itself is not reachable from tests). */
class ElastiCacheEndpointsTest {

    @Test
    void serverlessCachesAreTlsClusters() {
        DescribeServerlessCachesResponse response = DescribeServerlessCachesResponse.builder()
                .serverlessCaches(ServerlessCache.builder()
                        .serverlessCacheName("focus")
                        .endpoint(Endpoint.builder()
                                .address("focus-abc.serverless.euw3.cache.amazonaws.com")
                                .port(6379)
                                .build())
                        .build())
                .build();
        assertThat(ElastiCacheEndpoints.fromServerless(response))
                .contains(new ElastiCacheEndpoints.Endpoint(
                        "focus-abc.serverless.euw3.cache.amazonaws.com", 6379, true, true, true));
    }

    @Test
    void clusterModeGroupsUseTheConfigurationEndpoint() {
        DescribeReplicationGroupsResponse response = DescribeReplicationGroupsResponse.builder()
                .replicationGroups(ReplicationGroup.builder()
                        .replicationGroupId("focus")
                        .transitEncryptionEnabled(true)
                        .configurationEndpoint(Endpoint.builder()
                                .address("clustercfg.focus.cache.amazonaws.com")
                                .port(6379)
                                .build())
                        .build())
                .build();
        assertThat(ElastiCacheEndpoints.fromReplicationGroups(response))
                .contains(new ElastiCacheEndpoints.Endpoint(
                        "clustercfg.focus.cache.amazonaws.com", 6379, true, true, false));
    }

    @Test
    void otherGroupsUseTheirPrimary() {
        DescribeReplicationGroupsResponse response = DescribeReplicationGroupsResponse.builder()
                .replicationGroups(ReplicationGroup.builder()
                        .replicationGroupId("focus")
                        .transitEncryptionEnabled(false)
                        .nodeGroups(NodeGroup.builder()
                                .primaryEndpoint(Endpoint.builder()
                                        .address("focus.cache.amazonaws.com")
                                        .port(6380)
                                        .build())
                                .build())
                        .build())
                .build();
        assertThat(ElastiCacheEndpoints.fromReplicationGroups(response))
                .contains(new ElastiCacheEndpoints.Endpoint("focus.cache.amazonaws.com", 6380, false, false, false));
        assertThat(ElastiCacheEndpoints.fromServerless(
                        DescribeServerlessCachesResponse.builder().build()))
                .isEmpty();
    }
}
