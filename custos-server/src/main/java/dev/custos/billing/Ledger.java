package dev.custos.billing;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

import dev.custos.platform.PersonId;
import dev.custos.platform.SqlTime;
import dev.custos.platform.Tenancy;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import dev.custos.workspace.Permission;
import dev.custos.workspace.WorkspaceAccess;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The billing ledger: one row per transaction a payment processor reports, recorded once however often the
 * report is replayed. Amounts are integers in the currency's minor unit; no card data is ever stored here.
 */
@Service
public class Ledger {

    /** Whether money was taken, given back, or granted. */
    public enum Kind {
        CHARGE, REFUND, CREDIT;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A transaction as the processor reports it. */
    public record Entry(Kind kind, long amountMinor, String currency, String processor, String processorReference,
                        @Nullable PersonId payer, String description, Instant occurredAt) {
        public Entry {
            if (amountMinor < 0) {
                throw CustosException.invalid("invalid-amount", "amountMinor must not be negative.");
            }
            if (!currency.matches("[A-Z]{3}")) {
                throw CustosException.invalid("invalid-currency", "currency must be an ISO 4217 code, e.g. EUR.");
            }
            if (processor.isBlank() || processorReference.isBlank() || description.isBlank()) {
                throw CustosException.invalid("invalid-transaction",
                        "processor, processorReference and description are required.");
            }
        }
    }

    /** A recorded transaction; the payer is null once they have been erased. */
    public record Transaction(UUID id, Instant occurredAt, String kind, long amountMinor, String currency,
                              String processor, String processorReference, @Nullable UUID payer, String description) {
    }

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final Clock clock;

    Ledger(JdbcClient jdbc, Tenancy tenancy, Clock clock) {
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.clock = clock;
    }

    /** Records a transaction once: the same processor reference again returns the first record's id. */
    public UUID record(WorkspaceId workspace, Entry entry) {
        return tenancy.inWorkspace(workspace, null, () -> {
            jdbc.sql("""
                    INSERT INTO billing_transactions (workspace_id, transaction_id, occurred_at, kind, amount_minor,
                        currency, processor, processor_reference, payer_person_id, description, recorded_at)
                    VALUES (:w, :id, :at, :kind, :amount, :currency, :processor, :reference, :payer, :description, :now)
                    ON CONFLICT (workspace_id, processor, processor_reference) DO NOTHING""")
                    .param("w", workspace.id()).param("id", UUID.randomUUID())
                    .param("at", SqlTime.of(entry.occurredAt())).param("kind", entry.kind().key())
                    .param("amount", entry.amountMinor()).param("currency", entry.currency())
                    .param("processor", entry.processor()).param("reference", entry.processorReference())
                    .param("payer", entry.payer() == null ? null : entry.payer().id())
                    .param("description", entry.description()).param("now", SqlTime.of(clock.instant())).update();
            return jdbc.sql("""
                            SELECT transaction_id FROM billing_transactions
                            WHERE workspace_id = :w AND processor = :processor AND processor_reference = :reference""")
                    .param("w", workspace.id()).param("processor", entry.processor())
                    .param("reference", entry.processorReference()).query(UUID.class).single();
        });
    }

    /** The workspace's transactions, newest first: for those who manage the workspace. */
    public List<Transaction> transactions(WorkspaceAccess access) {
        access.require(Permission.MANAGE_WORKSPACE);
        return tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> jdbc.sql("""
                        SELECT transaction_id, occurred_at, kind, amount_minor, currency, processor,
                               processor_reference, payer_person_id, description
                        FROM billing_transactions WHERE workspace_id = :w ORDER BY occurred_at DESC LIMIT 1000""")
                .param("w", access.workspace().id())
                .query((rs, n) -> new Transaction(rs.getObject(1, UUID.class), Objects.requireNonNull(SqlTime.instant(rs, "occurred_at")),
                        rs.getString(3), rs.getLong(4), rs.getString(5), rs.getString(6), rs.getString(7),
                        rs.getObject(8, UUID.class), rs.getString(9)))
                .list());
    }
}
