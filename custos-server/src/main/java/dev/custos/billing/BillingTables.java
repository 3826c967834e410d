package dev.custos.billing;

import java.util.List;
import java.util.Set;

import dev.custos.platform.Tenancy;
import dev.custos.platform.personaldata.Expiry;
import dev.custos.platform.personaldata.OwnedTables;
import dev.custos.platform.personaldata.RetentionRule;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Billing transactions, kept as the law requires and then expired by the privacy engine through here (RT-02). */
@Component
class BillingTables extends OwnedTables {

    BillingTables(JdbcClient jdbc, Tenancy tenancy) {
        super(jdbc, tenancy, Set.of("billing_transactions", "billing_accounts", "processor_events",
                "usage_reports"), List.of(
                new Expiry(RetentionRule.TRANSACTIONS, "billing_transactions", "occurred_at", "", "payer_person_id",
                        null)));
    }
}
