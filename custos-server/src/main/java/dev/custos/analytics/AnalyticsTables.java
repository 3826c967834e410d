package dev.custos.analytics;

import java.util.List;
import java.util.Set;

import dev.custos.platform.Tenancy;
import dev.custos.platform.personaldata.Expiry;
import dev.custos.platform.personaldata.OwnedTables;
import dev.custos.platform.personaldata.RetentionRule;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Product analytics and page visits, expired by the privacy engine through here (a year, and 90 days). */
@Component
class AnalyticsTables extends OwnedTables {

    AnalyticsTables(JdbcClient jdbc, Tenancy tenancy) {
        super(jdbc, tenancy, Set.of("product_events", "page_visits"), List.of(
                new Expiry(RetentionRule.PRODUCT_EVENTS, "product_events", "occurred_at", "", null, null),
                new Expiry(RetentionRule.PAGE_VISITS, "page_visits", "day", "", null, null)));
    }
}
