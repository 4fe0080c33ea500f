package com.focusapi.shared.metrics;

import com.focusapi.shared.lambda.SnapStartPriming;
import com.focusapi.shared.metrics.internal.JdbcMetricsListener;
import com.focusapi.shared.persistence.DataSourceDecorator;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import javax.sql.DataSource;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;

/**
 * The database metrics: {@link #instrument} wraps the pool in a datasource-proxy DataSource that counts and
 * times each statement, and exposes the pool's active connections as {@code focus_api_db_connections_active}.
 */
@Singleton
public class JdbcMetrics implements DataSourceDecorator {
    private final MeterRegistry registry;
    private final SnapStartPriming priming;

    public JdbcMetrics(MeterRegistry registry, SnapStartPriming priming) {
        this.registry = registry;
        this.priming = priming;
    }

    @Override
    public DataSource decorate(HikariDataSource pool) {
        return instrument(pool);
    }

    public DataSource instrument(HikariDataSource pool) {
        Gauge.builder(MetricNames.DB_CONNECTIONS_ACTIVE, pool, JdbcMetrics::activeConnections)
                .description("Connections of the pool in use")
                .register(registry);
        return ProxyDataSourceBuilder.create(pool.getPoolName(), pool)
                .listener(new JdbcMetricsListener(registry, priming::isPriming))
                .build();
    }

    private static double activeConnections(HikariDataSource pool) {
        HikariPoolMXBean bean = pool.getHikariPoolMXBean();
        return bean == null ? 0 : bean.getActiveConnections();
    }
}
