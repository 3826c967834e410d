package dev.custos.privacy;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import dev.custos.audit.AuditEvent;
import dev.custos.audit.AuditLog;
import dev.custos.identity.Accounts;
import dev.custos.identity.Actor;
import dev.custos.platform.PersonId;
import dev.custos.platform.SqlTime;
import dev.custos.platform.Tenancy;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The sub-processor registry (GV-01, GV-07): the ones administrators record (hosting, payments, email...) and the
 * registered model providers. Anyone signed in may read it; every change is announced to every workspace owner.
 */
@Service
public class SubProcessors implements DataRecipients {

    /** A sub-processor as the registry shows it; {@code id} is null for model providers (managed elsewhere). */
    public record SubProcessor(@Nullable UUID id, String name, String purpose, String location,
                               String transferSafeguard, boolean zeroRetention, @Nullable Instant addedAt) {
    }

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final Accounts accounts;
    private final Notices notices;
    private final AuditLog audit;
    private final Clock clock;
    private final ObjectProvider<DataRecipients> recipients;

    SubProcessors(JdbcClient jdbc, Tenancy tenancy, Accounts accounts, Notices notices, AuditLog audit, Clock clock,
                  ObjectProvider<DataRecipients> recipients) {
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.accounts = accounts;
        this.notices = notices;
        this.audit = audit;
        this.clock = clock;
        this.recipients = recipients; // read lazily: this registry is one of them
    }

    /** Everyone processing personal data for this installation now. */
    public List<SubProcessor> list() {
        List<SubProcessor> all = new ArrayList<>(recorded());
        for (DataRecipients source : recipients.orderedStream().filter(source -> source != this).toList()) {
            source.recipients().forEach(recipient -> all.add(new SubProcessor(null, recipient.name(),
                    recipient.purpose(), recipient.location(), safeguardFor(recipient.location()),
                    recipient.zeroRetention(), null)));
        }
        return all;
    }

    public SubProcessor add(Actor admin, String name, String purpose, String location, String safeguard,
                            boolean zeroRetention) {
        requireAdmin(admin);
        if (name.isBlank() || purpose.isBlank() || location.isBlank() || safeguard.isBlank()) {
            throw CustosException.invalid("invalid-sub-processor",
                    "Give the name, the purpose, the location and the transfer safeguard.");
        }
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO sub_processors (sub_processor_id, name, purpose, location, transfer_safeguard,
                                            zero_retention, added_by, added_at)
                VALUES (:id, :name, :purpose, :location, :safeguard, :zdr, :by, :now)""")
                .param("id", id).param("name", name.strip()).param("purpose", purpose.strip())
                .param("location", location.strip()).param("safeguard", safeguard.strip()).param("zdr", zeroRetention)
                .param("by", admin.person().id()).param("now", SqlTime.of(clock.instant())).update();
        audit.record(AuditEvent.installation(admin.person(), "sub_processor.added").on("sub_processor", id));
        announce(name.strip(), "added (" + purpose.strip() + ", " + location.strip() + ", " + safeguard.strip() + ")");
        return recorded().stream().filter(entry -> id.equals(entry.id())).findFirst().orElseThrow();
    }

    public void remove(Actor admin, UUID id) {
        requireAdmin(admin);
        String name = jdbc.sql("""
                        UPDATE sub_processors SET removed_at = :now WHERE sub_processor_id = :id AND removed_at IS NULL
                        RETURNING name""")
                .param("now", SqlTime.of(clock.instant())).param("id", id).query(String.class).optional()
                .orElseThrow(() -> CustosException.notFound("Sub-processor"));
        audit.record(AuditEvent.installation(admin.person(), "sub_processor.removed").on("sub_processor", id));
        announce(name, "no longer used");
    }

    /**
     * Tells every workspace owner, in the app, that a sub-processor was engaged, changed or dropped ({@code change},
     * in words); called by whoever manages it (this registry, the model provider registry), in its transaction.
     */
    public void announce(String name, String change) {
        List<UUID> owners = tenancy.inWorkspace(WorkspaceId.INSTALLATION, null, () ->
                jdbc.sql("SELECT * FROM workspace_owner_ids()").query(UUID.class).list());
        owners.forEach(owner -> notices.notify(new PersonId(owner), "sub_processor_change",
                "Sub-processor change: " + name + " — " + change + ". The privacy policy lists "
                        + "every sub-processor.", "/privacy"));
    }

    @Override
    public List<Recipient> recipients() {
        return recorded().stream().map(entry -> new Recipient(entry.name(), entry.purpose(), entry.location(),
                entry.zeroRetention(), false)).toList();
    }

    private List<SubProcessor> recorded() {
        return jdbc.sql("SELECT * FROM sub_processors WHERE removed_at IS NULL ORDER BY name")
                .query((rs, n) -> new SubProcessor(rs.getObject("sub_processor_id", UUID.class), rs.getString("name"),
                        rs.getString("purpose"), rs.getString("location"), rs.getString("transfer_safeguard"),
                        rs.getBoolean("zero_retention"), SqlTime.instant(rs, "added_at")))
                .list();
    }

    /** Where a transfer leaves the EEA, the safeguard a provider entry does not record is the default clauses. */
    private static String safeguardFor(String location) {
        return switch (location.toUpperCase(Locale.ROOT)) {
            case "EU", "EEA", "LOCAL" -> "none needed (no transfer out of the EEA)";
            default -> "standard contractual clauses";
        };
    }

    private void requireAdmin(Actor actor) {
        accounts.requireInstallationAdmin(actor, "Only installation administrators manage sub-processors.");
    }
}
