package dev.custos.model;

import java.util.List;
import java.util.Set;

import dev.custos.platform.Tenancy;
import dev.custos.platform.personaldata.OwnedTables;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The model registry's tables: the privacy engine exports and deletes a workspace's provider settings through here. */
@Component
class ModelTables extends OwnedTables {

    ModelTables(JdbcClient jdbc, Tenancy tenancy) {
        super(jdbc, tenancy, Set.of("model_providers", "workspace_providers", "workspace_model_settings",
                "workspace_model_routes", "workspace_private_models", "fine_tuning_jobs"), List.of());
    }
}
