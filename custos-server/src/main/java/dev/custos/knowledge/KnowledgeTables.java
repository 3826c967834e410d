package dev.custos.knowledge;

import java.util.List;
import java.util.Set;

import dev.custos.platform.Tenancy;
import dev.custos.platform.personaldata.OwnedTables;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The knowledge module's tables, for the privacy engine: bases, documents and their chunks. */
@Component
class KnowledgeTables extends OwnedTables {

    KnowledgeTables(JdbcClient jdbc, Tenancy tenancy) {
        super(jdbc, tenancy, Set.of("knowledge_bases", "knowledge_documents", "knowledge_chunks",
                "knowledge_passages"), List.of());
    }
}
