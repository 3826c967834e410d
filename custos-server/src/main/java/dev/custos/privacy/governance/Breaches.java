package dev.custos.privacy.governance;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.custos.audit.AuditEvent;
import dev.custos.audit.AuditLog;
import dev.custos.identity.Accounts;
import dev.custos.identity.Actor;
import dev.custos.platform.PersonId;
import dev.custos.platform.SqlTime;
import dev.custos.platform.web.CustosException;
import dev.custos.privacy.Notices;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The breach register (SC-06): each incident with its 72-hour clock for the supervisory authority, whom it
 * affects, and whether they have been told. Telling the affected people is one action that sends each a notice.
 */
@Service
public class Breaches {

    static final Duration AUTHORITY_DEADLINE = Duration.ofHours(72);

    /** A breach as the register shows it. */
    public record Breach(UUID id, Instant detectedAt, String description, List<String> categories, boolean highRisk,
                         Instant authorityDueAt, @Nullable Instant authorityNotifiedAt,
                         @Nullable Instant peopleNotifiedAt, int affected, boolean authorityOverdue,
                         @Nullable Long hoursLeft) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Accounts accounts;
    private final Notices notices;
    private final AuditLog audit;
    private final Clock clock;

    Breaches(JdbcClient jdbc, TransactionTemplate transactions, Accounts accounts, Notices notices, AuditLog audit,
             Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.accounts = accounts;
        this.notices = notices;
        this.audit = audit;
        this.clock = clock;
    }

    public Breach record(Actor admin, Instant detectedAt, String description, List<String> categories,
                         boolean highRisk, List<UUID> affected) {
        requireAdmin(admin);
        if (description.isBlank()) {
            throw CustosException.invalid("description-required", "Describe what happened.");
        }
        if (detectedAt.isAfter(clock.instant())) {
            throw CustosException.invalid("detected-in-future", "detectedAt cannot be in the future.");
        }
        UUID id = UUID.randomUUID();
        transactions.executeWithoutResult(status -> {
            jdbc.sql("""
                    INSERT INTO breaches (breach_id, detected_at, recorded_by, description, categories, high_risk,
                                          authority_due_at)
                    VALUES (:id, :detected, :by, :description, :categories, :risk, :due)""")
                    .param("id", id).param("detected", SqlTime.of(detectedAt)).param("by", admin.person().id())
                    .param("description", description.strip()).param("categories", categories.toArray(String[]::new))
                    .param("risk", highRisk).param("due", SqlTime.of(detectedAt.plus(AUTHORITY_DEADLINE))).update();
            affected.forEach(person -> jdbc.sql("""
                    INSERT INTO breach_affected (breach_id, person_id) VALUES (:id, :p) ON CONFLICT DO NOTHING""")
                    .param("id", id).param("p", person).update());
            audit.record(AuditEvent.installation(admin.person(), "breach.recorded").on("breach", id)
                    .with("high_risk", "" + highRisk).with("affected", "" + affected.size()));
        });
        return find(id);
    }

    public Breach authorityNotified(Actor admin, UUID id) {
        requireAdmin(admin);
        int updated = jdbc.sql("""
                        UPDATE breaches SET authority_notified_at = :now
                        WHERE breach_id = :id AND authority_notified_at IS NULL""")
                .param("now", SqlTime.of(clock.instant())).param("id", id).update();
        if (updated == 0) {
            throw CustosException.conflict("already-notified", "The authority was already notified, or no such breach.");
        }
        audit.record(AuditEvent.installation(admin.person(), "breach.authority_notified").on("breach", id));
        return find(id);
    }

    /** Tells every affected person what happened and what they can do, once. */
    public Breach notifyPeople(Actor admin, UUID id, String message) {
        requireAdmin(admin);
        if (message.isBlank()) {
            throw CustosException.invalid("message-required",
                    "Say what happened, what it means for them and what they can do.");
        }
        transactions.executeWithoutResult(status -> {
            int updated = jdbc.sql("""
                            UPDATE breaches SET people_notified_at = :now
                            WHERE breach_id = :id AND people_notified_at IS NULL""")
                    .param("now", SqlTime.of(clock.instant())).param("id", id).update();
            if (updated == 0) {
                throw CustosException.conflict("already-notified", "The people were already told, or no such breach.");
            }
            List<UUID> affected = jdbc.sql("SELECT person_id FROM breach_affected WHERE breach_id = :id")
                    .param("id", id).query(UUID.class).list();
            affected.forEach(person -> notices.notify(new PersonId(person), "breach", message.strip()));
            audit.record(AuditEvent.installation(admin.person(), "breach.people_notified").on("breach", id)
                    .with("people", "" + affected.size()));
        });
        return find(id);
    }

    public List<Breach> list(Actor admin) {
        requireAdmin(admin);
        Instant now = clock.instant();
        return jdbc.sql(SELECT + " ORDER BY b.detected_at DESC").query((rs, n) -> breach(rs, now)).list();
    }

    private Breach find(UUID id) {
        Instant now = clock.instant();
        return jdbc.sql(SELECT + " WHERE b.breach_id = :id").param("id", id).query((rs, n) -> breach(rs, now))
                .optional().orElseThrow(() -> CustosException.notFound("Breach"));
    }

    private static final String SELECT = """
            SELECT b.*, (SELECT count(*) FROM breach_affected a WHERE a.breach_id = b.breach_id) AS affected
            FROM breaches b""";

    private static Breach breach(ResultSet rs, Instant now) throws SQLException {
        Instant due = SqlTime.instant(rs, "authority_due_at");
        Instant notified = SqlTime.instant(rs, "authority_notified_at");
        return new Breach(rs.getObject("breach_id", UUID.class), SqlTime.instant(rs, "detected_at"),
                rs.getString("description"), List.of((String[]) rs.getArray("categories").getArray()),
                rs.getBoolean("high_risk"), due, notified, SqlTime.instant(rs, "people_notified_at"),
                rs.getInt("affected"), notified == null && now.isAfter(due),
                notified == null ? Duration.between(now, due).toHours() : null);
    }

    private void requireAdmin(Actor actor) {
        accounts.requireInstallationAdmin(actor, "Only installation administrators keep the breach register.");
    }
}
