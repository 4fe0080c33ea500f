package com.focusapi.shared.cache.internal;

import java.util.Optional;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.ElastiCacheClientBuilder;
import software.amazon.awssdk.services.elasticache.model.DescribeReplicationGroupsResponse;
import software.amazon.awssdk.services.elasticache.model.DescribeServerlessCachesResponse;
import software.amazon.awssdk.services.elasticache.model.ElastiCacheException;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroup;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroupNotFoundException;
import software.amazon.awssdk.services.elasticache.model.ServerlessCache;

/**
 * Finds a cache's endpoint by name through the ElastiCache API, once at init, when only
 * {@code REDIS_CACHE_NAME} is configured: first as a serverless cache (always TLS, always cluster mode),
 * then as a replication group (its configuration endpoint in cluster mode, else its primary).
 */
public final class ElastiCacheEndpoints {
    private ElastiCacheEndpoints() {}

    public record Endpoint(String host, int port, boolean tls, boolean cluster, boolean serverless) {}

    public static Endpoint discover(String name, String region) {
        ElastiCacheClientBuilder builder =
                ElastiCacheClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder());
        if (region != null && !region.isBlank()) {
            builder.region(Region.of(region));
        }
        try (ElastiCacheClient client = builder.build()) {
            String serverlessError;
            try {
                Optional<Endpoint> serverless =
                        fromServerless(client.describeServerlessCaches(r -> r.serverlessCacheName(name)));
                if (serverless.isPresent()) {
                    return serverless.get();
                }
                serverlessError = "no endpoint yet";
            } catch (ElastiCacheException e) {
                // Not found, or a role allowed only DescribeReplicationGroups: try the replication group.
                serverlessError =
                        e.awsErrorDetails() != null ? e.awsErrorDetails().errorCode() : e.getMessage();
            }
            try {
                return fromReplicationGroups(client.describeReplicationGroups(r -> r.replicationGroupId(name)))
                        .orElseThrow(() -> new IllegalStateException("ElastiCache " + name + " has no endpoint yet"));
            } catch (ReplicationGroupNotFoundException e) {
                throw new IllegalStateException(
                        "No ElastiCache serverless cache (" + serverlessError + ") or replication group named " + name,
                        e);
            }
        }
    }

    static Optional<Endpoint> fromServerless(DescribeServerlessCachesResponse response) {
        return response.serverlessCaches().stream()
                .map(ServerlessCache::endpoint)
                .filter(e -> e != null && e.address() != null)
                .findFirst()
                .map(e -> new Endpoint(e.address(), e.port(), true, true, true));
    }

    static Optional<Endpoint> fromReplicationGroups(DescribeReplicationGroupsResponse response) {
        for (ReplicationGroup group : response.replicationGroups()) {
            boolean tls = Boolean.TRUE.equals(group.transitEncryptionEnabled());
            if (group.configurationEndpoint() != null) {
                return Optional.of(new Endpoint(
                        group.configurationEndpoint().address(),
                        group.configurationEndpoint().port(),
                        tls,
                        true,
                        false));
            }
            if (!group.nodeGroups().isEmpty() && group.nodeGroups().get(0).primaryEndpoint() != null) {
                var primary = group.nodeGroups().get(0).primaryEndpoint();
                return Optional.of(new Endpoint(primary.address(), primary.port(), tls, false, false));
            }
        }
        return Optional.empty();
    }
}
