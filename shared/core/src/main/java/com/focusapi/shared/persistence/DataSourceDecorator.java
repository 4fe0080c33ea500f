package com.focusapi.shared.persistence;

import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;

/**
 * Wraps the pool in what should observe every statement (the metrics module's JDBC metrics). Core only knows
 * this interface, so persistence does not depend on metrics; when no decorator bean exists, repositories get
 * the pool itself.
 */
public interface DataSourceDecorator {
    DataSource decorate(HikariDataSource pool);
}
