package com.focusapi.shared.testing;

import com.focusapi.shared.accounts.JwtService;
import com.focusapi.shared.accounts.PasswordHasher;
import com.focusapi.shared.testing.internal.CacheConnection;
import com.focusapi.shared.testing.internal.QueryCounter;
import com.focusapi.testsupport.JsonApi;
import com.focusapi.testsupport.LambdaHttp;
import com.focusapi.testsupport.PostgresServer;
import com.focusapi.testsupport.RedisServer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.LambdaApplicationContextBuilder;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A function's real Lambda handler (the one on the test classpath) on a real PostgreSQL, with accounts
 * seeded by SQL: what the function suites share, so no function copies it. {@link Sql} reaches the same
 * database past the function.
 */
public class FunctionTestApp implements AutoCloseable {
    public static final String PASSWORD = "Secret123";
    private static final AtomicInteger SEQ = new AtomicInteger();

    public final PostgresServer postgres;
    public final APIGatewayV2HTTPEventFunction handler;
    public final JsonApi api;
    public final ApplicationContext context;
    public final Sql sql;
    /** The app's own redis-server when it was made with the cache on ({@link #withCache()}), else null. */
    public final RedisServer redis;

    private final String passwordHash;

    public FunctionTestApp(Map<String, Object> extra) {
        this(null, extra);
    }

    /** With {@code redis} (closed with the app) as its cache when not null. */
    protected FunctionTestApp(RedisServer redis, Map<String, Object> extra) {
        this(redis, started -> extra);
    }

    /**
     * {@code extra} made once the database is up, from it: a suite that reaches PostgreSQL through a proxy
     * of its own sets {@code database.url} there.
     */
    protected FunctionTestApp(RedisServer redis, Function<PostgresServer, Map<String, Object>> extra) {
        this.redis = redis;
        postgres = PostgresServer.start();
        sql = new Sql(postgres);
        Map<String, Object> properties = new HashMap<>();
        properties.put("micronaut.server.port", -1);
        properties.put("database.url", postgres.jdbcUrl());
        properties.put("database.user", postgres.user());
        properties.put("database.migrate", true);
        properties.put("cache.enabled", false);
        try {
            properties.put(
                    "jwt.secret-file",
                    Files.createTempDirectory("focus-jwt").resolve("secret").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (redis != null) {
            properties.put("cache.enabled", true);
            properties.put("redis.url", redis.url());
        }
        properties.putAll(extra.apply(postgres));
        context = new LambdaApplicationContextBuilder().properties(properties).build();
        handler = new APIGatewayV2HTTPEventFunction(context);
        api = new JsonApi(new LambdaHttp(handler));
        if (Boolean.parseBoolean(String.valueOf(properties.get("cache.enabled")))) {
            CacheConnection.await(context);
        }
        passwordHash = new PasswordHasher().hash(PASSWORD);
    }

    /** The function with the cache on, over a redis-server of its own that closes with the app. */
    public static FunctionTestApp withCache() {
        return new FunctionTestApp(RedisServer.start(), Map.of());
    }

    /**
     * {@code extra} with a pool fit for a suite that sends many requests at once through one handler (Lambda
     * never does, so the pool of 2 that suits Lambda would only measure queueing there). {@code extra} wins.
     */
    public static Map<String, Object> withRoomForConcurrency(int poolSize, Map<String, Object> extra) {
        Map<String, Object> properties =
                new HashMap<>(Map.of("database.pool-size", poolSize, "database.connection-timeout-ms", 30_000));
        properties.putAll(extra);
        return properties;
    }

    /** A user row as registration + verification would leave it; returns its id. */
    public long createUser(String prefix, boolean verified, String role) {
        String name = prefix + "_" + SEQ.incrementAndGet();
        try (Connection c = sql.connect();
                PreparedStatement st = c.prepareStatement(
                        "INSERT INTO users (email, username, password_hash, full_name, is_verified, role) VALUES (?, ?, ?, ?, ?, ?) RETURNING id")) {
            st.setString(1, name + "@example.com");
            st.setString(2, name);
            st.setString(3, passwordHash);
            st.setString(4, "Full " + name);
            st.setBoolean(5, verified);
            st.setString(6, role);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An access token issued by the function's own JwtService (same secret, same claims as login). */
    public String tokenFor(long userId, String role) {
        return context.getBean(JwtService.class).issue(userId, role).token();
    }

    /**
     * How many SQL statements the function has run so far: its {@code focus_api_db_queries_total}, every
     * operation summed. Needs focus-metrics on the suite's classpath (every function has it).
     */
    public long sqlStatements() {
        return QueryCounter.total(context);
    }

    /** How many SQL statements {@code requests} made the function run ({@link #sqlStatements()} before and after). */
    public long sqlStatementsOf(Runnable requests) {
        long before = sqlStatements();
        requests.run();
        return sqlStatements() - before;
    }

    /** {@link Sql#scalar}, {@link Sql#text} and {@link Sql#execute} on this app's database. */
    public long scalar(String query) {
        return sql.scalar(query);
    }

    public String text(String query) {
        return sql.text(query);
    }

    public void execute(String statement) {
        sql.execute(statement);
    }

    @Override
    public void close() {
        // The handler leaves a context it was given open: close it too, before its database goes away.
        handler.close();
        context.close();
        postgres.close();
        if (redis != null) {
            redis.close();
        }
    }
}
