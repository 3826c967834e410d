package dev.custos.platform.database;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.boot.flyway.autoconfigure.FlywayDataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * Two pools on one server. The owner pool runs migrations only. The application pool connects as a role that
 * owns no table and has no BYPASSRLS, so row-level security holds even when a query forgets its filter.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    @Bean(destroyMethod = "close")
    DatabaseServer databaseServer(DatabaseProperties properties) {
        return DatabaseServer.connect(properties);
    }

    @Bean(defaultCandidate = false)
    @FlywayDataSource
    DataSource ownerDataSource(DatabaseServer server) {
        return pool("custos-owner", server, server.owner(), 2);
    }

    @Bean
    @Primary
    DataSource dataSource(DatabaseServer server, DatabaseProperties properties) {
        return pool("custos-app", server, server.app(), properties.poolSize());
    }

    private static HikariDataSource pool(String name, DatabaseServer server, DatabaseRole role, int size) {
        var pool = new HikariDataSource();
        pool.setPoolName(name);
        pool.setJdbcUrl(server.jdbcUrl());
        pool.setUsername(role.username());
        pool.setPassword(role.password());
        pool.setMaximumPoolSize(size);
        // The pool opens lazily, so the application role may be created by the first migration.
        pool.setInitializationFailTimeout(-1);
        return pool;
    }
}
