package dev.custos.keys;

import java.util.List;
import java.util.Set;

import dev.custos.platform.Tenancy;
import dev.custos.platform.personaldata.OwnedTables;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The credential vault's table in the main database; the keys themselves live in the key store. */
@Component
class KeyTables extends OwnedTables {

    KeyTables(JdbcClient jdbc, Tenancy tenancy) {
        super(jdbc, tenancy, Set.of("vault_secrets"), List.of());
    }
}
