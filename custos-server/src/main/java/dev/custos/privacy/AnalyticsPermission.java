package dev.custos.privacy;

import dev.custos.platform.PersonId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Whether product analytics that needs a person's consent may count them now: their latest decision on
 * {@code product_analytics} gave it, and no objection of theirs stands (DR-06). Read at every use, so a withdrawal
 * or an objection, made anywhere, stops it at once.
 */
@Component
public class AnalyticsPermission {

    private final JdbcClient jdbc;

    AnalyticsPermission(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public boolean allows(PersonId person) {
        return jdbc.sql("""
                        SELECT COALESCE((SELECT given FROM consent_records
                                         WHERE person_id = :p AND purpose = 'product_analytics'
                                         ORDER BY recorded_at DESC, record_id LIMIT 1), false)
                           AND NOT EXISTS (SELECT 1 FROM processing_objections
                                           WHERE person_id = :p AND purpose = 'product_analytics'
                                             AND withdrawn_at IS NULL)""")
                .param("p", person.id()).query(Boolean.class).single();
    }
}
