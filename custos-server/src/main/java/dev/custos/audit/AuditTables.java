package dev.custos.audit;

import java.util.List;
import java.util.Set;

import dev.custos.platform.Tenancy;
import dev.custos.platform.personaldata.OwnedTables;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The audit chain's tables: the privacy engine anonymizes an erased person in them and exports a person's entries
 * through here; they are never deleted by a privacy action (legal obligation).
 */
@Component
class AuditTables extends OwnedTables {

    AuditTables(JdbcClient jdbc, Tenancy tenancy) {
        super(jdbc, tenancy, Set.of("audit_log", "audit_chain_heads"), List.of());
    }
}
