package com.focusapi.shared.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.focusapi.testsupport.AwsEmulator;
import com.focusapi.testsupport.PostgresServer;
import com.zaxxer.hikari.HikariDataSource;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** DATABASE_SECRET_ARN: the pool connects with the credentials of an RDS-style secret (the AWS emulator's Secrets Manager). */
class DatabaseSecretTest {

    @Test
    void thePoolUsesTheSecretsCredentials() throws Exception {
        try (AwsEmulator aws = AwsEmulator.start();
                PostgresServer postgres = PostgresServer.start()) {
            try (Connection admin = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), "")) {
                admin.createStatement().execute("CREATE ROLE focus_app LOGIN PASSWORD 'from-the-secret'");
            }
            String arn;
            try (SecretsManagerClient client = SecretsManagerClient.builder()
                    .httpClient(UrlConnectionHttpClient.create())
                    .endpointOverride(URI.create(aws.endpoint()))
                    .build()) {
                arn = client.createSecret(
                                r -> r.name("focus/db-" + System.nanoTime())
                                        .secretString(
                                                "{\"engine\":\"postgres\",\"username\":\"focus_app\",\"password\":\"from-the-secret\"}"))
                        .arn();
            }
            DatabaseSettings settings = new DatabaseSettings();
            settings.setUrl(postgres.jdbcUrl());
            settings.setSecretArn(arn);
            settings.setSecretsEndpoint(aws.endpoint());

            try (HikariDataSource pool = new DataSourceFactory().pool(settings);
                    Connection connection = pool.getConnection();
                    ResultSet rs = connection.createStatement().executeQuery("SELECT current_user")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("focus_app");
                assertThat(pool.getPassword()).isEqualTo("from-the-secret");
            }
        }
    }

    @Test
    void aBarePasswordSecretKeepsTheConfiguredUser() {
        var credentials = com.focusapi.shared.persistence.internal.DatabaseSecret.parse("  just-a-password \n");
        assertThat(credentials.user()).isNull();
        assertThat(credentials.password()).isEqualTo("just-a-password");
    }
}
