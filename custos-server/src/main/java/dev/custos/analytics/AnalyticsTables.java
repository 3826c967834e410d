package dev.custos.analytics;

import java.util.List;
import java.util.Set;

import dev.custos.platform.Tenancy;
import dev.custos.platform.personaldata.Expiry;
import dev.custos.platform.personaldata.OwnedTables;
import dev.custos.platform.personaldata.RetentionRule;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Product analytics, page visits and the terminal client's telemetry, expired by the privacy engine through here (a
 * year, 90 days, a year).
 */
@Component
class AnalyticsTables extends OwnedTables {

    AnalyticsTables(JdbcClient jdbc, Tenancy tenancy) {
        super(jdbc, tenancy, Set.of("product_events", "page_visits", "client_telemetry_days"), List.of(
                new Expiry(RetentionRule.PRODUCT_EVENTS, "product_events", "occurred_at", "", null, null),
                new Expiry(RetentionRule.PAGE_VISITS, "page_visits", "day", "", null, null),
                new Expiry(RetentionRule.CLIENT_TELEMETRY, "client_telemetry_days", "day", "", null, null)));
    }
}
