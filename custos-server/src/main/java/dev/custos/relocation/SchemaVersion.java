package dev.custos.relocation;

import org.flywaydb.core.Flyway;
import org.springframework.stereotype.Component;

/** The database's schema version: a package goes only into an installation at the version it was taken at. */
@Component
class SchemaVersion {

    private final Flyway flyway;

    SchemaVersion(Flyway flyway) {
        this.flyway = flyway;
    }

    String current() {
        var applied = flyway.info().current();
        if (applied == null || applied.getVersion() == null) {
            throw new IllegalStateException("The database has no migration applied");
        }
        return applied.getVersion().getVersion();
    }
}
