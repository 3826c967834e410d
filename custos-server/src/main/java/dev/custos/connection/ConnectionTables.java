package dev.custos.connection;

import java.util.List;
import java.util.Set;

import dev.custos.platform.Tenancy;
import dev.custos.platform.personaldata.OwnedTables;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The connection module's tables, for the privacy engine: connections, the tools they list, sign-ins to services
 * under way, Slack mentions, and the installation's connector apps.
 */
@Component
class ConnectionTables extends OwnedTables {

    ConnectionTables(JdbcClient jdbc, Tenancy tenancy) {
        super(jdbc, tenancy, Set.of("connections", "connection_tools", "connection_authorizations",
                "connection_mentions", "connector_apps"), List.of());
    }
}
