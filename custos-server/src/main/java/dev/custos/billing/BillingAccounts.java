package dev.custos.billing;

import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

import dev.custos.platform.SqlTime;
import dev.custos.platform.Tenancy;
import dev.custos.platform.WorkspaceId;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** A workspace's processor customer, subscription and card (brand and last four only), and the events handled. */
@Component
class BillingAccounts {

    record Account(String processor, String customerId, @Nullable String subscriptionId, @Nullable String cardBrand,
                   @Nullable String cardLast4) {
    }

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final Clock clock;

    BillingAccounts(JdbcClient jdbc, Tenancy tenancy, Clock clock) {
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.clock = clock;
    }

    Optional<Account> of(WorkspaceId workspace) {
        return tenancy.inWorkspace(workspace, null, () -> jdbc.sql("""
                        SELECT processor, customer_id, subscription_id, card_brand, card_last4 FROM billing_accounts
                        WHERE workspace_id = :w""")
                .param("w", workspace.id())
                .query((rs, n) -> new Account(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5))).optional());
    }

    void create(WorkspaceId workspace, String processor, String customerId) {
        tenancy.inWorkspace(workspace, null, () -> jdbc.sql("""
                        INSERT INTO billing_accounts (workspace_id, processor, customer_id, created_at, updated_at)
                        VALUES (:w, :p, :c, :now, :now) ON CONFLICT (workspace_id) DO NOTHING""")
                .param("w", workspace.id()).param("p", processor).param("c", customerId)
                .param("now", SqlTime.of(clock.instant())).update());
    }

    void subscribed(WorkspaceId workspace, @Nullable String subscriptionId, @Nullable String brand,
                    @Nullable String last4) {
        jdbc.sql("""
                        UPDATE billing_accounts SET subscription_id = :s, card_brand = COALESCE(:brand, card_brand),
                            card_last4 = COALESCE(:last4, card_last4), updated_at = :now WHERE workspace_id = :w""")
                .param("w", workspace.id()).param("s", subscriptionId).param("brand", brand).param("last4", last4)
                .param("now", SqlTime.of(clock.instant())).update();
    }

    /** The workspace whose customer this is, whichever workspace that is; empty for a customer Custos never made. */
    Optional<WorkspaceId> workspaceOf(String processor, String customerId) {
        return jdbc.sql("SELECT billing_workspace_of(:p, :c)").param("p", processor).param("c", customerId)
                .query((rs, n) -> rs.getObject(1, UUID.class)).optional().map(WorkspaceId::new);
    }

    /** Marks the event handled, in the caller's transaction; false when it was handled before. */
    boolean firstTime(WorkspaceId workspace, String processor, PaymentProcessor.Event event) {
        return jdbc.sql("""
                        INSERT INTO processor_events (workspace_id, processor, event_id, type, created_at, handled_at)
                        VALUES (:w, :p, :id, :type, :created, :now) ON CONFLICT DO NOTHING""")
                .param("w", workspace.id()).param("p", processor).param("id", event.id()).param("type", event.type())
                .param("created", SqlTime.of(event.created())).param("now", SqlTime.of(clock.instant()))
                .update() == 1;
    }
}
