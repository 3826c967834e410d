package dev.custos.platform;

import java.util.List;
import java.util.Set;

import dev.custos.platform.Tenancy;
import dev.custos.platform.personaldata.OwnedTables;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The platform's one table, the record of applied migrations: no person's data, listed so that every mapped table has
 * an owner.
 */
@Component
class PlatformTables extends OwnedTables {

    PlatformTables(JdbcClient jdbc, Tenancy tenancy) {
        super(jdbc, tenancy, Set.of("flyway_schema_history"), List.of());
    }
}
