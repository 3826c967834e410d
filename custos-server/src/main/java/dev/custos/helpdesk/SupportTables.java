package dev.custos.helpdesk;

import java.util.List;
import java.util.Set;

import dev.custos.platform.Tenancy;
import dev.custos.platform.personaldata.OwnedTables;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Support requests, their messages and status history: exported and erased by the privacy engine. */
@Component
class SupportTables extends OwnedTables {

    SupportTables(JdbcClient jdbc, Tenancy tenancy) {
        super(jdbc, tenancy, Set.of("support_requests", "support_messages", "support_status_history"), List.of());
    }
}
