package dev.custos.privacy.export;

import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import dev.custos.audit.AuditEvent;
import dev.custos.audit.AuditLog;
import dev.custos.identity.Accounts;
import dev.custos.identity.Actor;
import dev.custos.platform.PersonId;
import dev.custos.platform.Secrets;
import dev.custos.platform.SqlTime;
import dev.custos.platform.web.CustosException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Settings → Data Export: after the person confirms their password, a download link that works once, for an
 * hour, for that person only. The zip is built while it downloads; no copy of it is kept anywhere.
 */
@Service
public class DataExports {

    static final Duration VALIDITY = Duration.ofHours(1);

    /** A link to fetch the export; the token is shown once. */
    public record Link(UUID exportId, String token, String url, Instant expiresAt) {
        @Override
        public String toString() {
            return "Link[" + exportId + "]"; // never the token
        }
    }

    private final JdbcClient jdbc;
    private final Accounts accounts;
    private final PersonalDataExport export;
    private final AuditLog audit;
    private final Clock clock;

    DataExports(JdbcClient jdbc, Accounts accounts, PersonalDataExport export, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.export = export;
        this.audit = audit;
        this.clock = clock;
    }

    public Link create(Actor actor, String password) {
        actor.requireSignedIn("Asking for an export");
        accounts.reverify(actor.person(), password, "data_export");
        UUID id = UUID.randomUUID();
        String token = "exp_" + Secrets.random(40);
        Instant now = clock.instant();
        Instant expires = now.plus(VALIDITY);
        jdbc.sql("""
                INSERT INTO data_exports (export_id, person_id, token_hash, created_at, expires_at)
                VALUES (:id, :person, :hash, :now, :expires)""")
                .param("id", id).param("person", actor.person().id()).param("hash", Secrets.sha256(token))
                .param("now", SqlTime.of(now)).param("expires", SqlTime.of(expires)).update();
        audit.record(AuditEvent.installation(actor.person(), "data_export.created").on("data_export", id));
        return new Link(id, token, "/api/privacy/exports/" + token, expires);
    }

    /**
     * Streams the export for a valid, unused link of the signed-in person, spending the link first: a download
     * broken off midway needs a new link (and the password again).
     */
    public void download(Actor actor, String token, OutputStream out) {
        redeem(actor, token);
        stream(actor, out);
    }

    /** Writes the signed-in person's export; the caller has redeemed their link. */
    void stream(Actor actor, OutputStream out) {
        export.write(actor.person(), out);
    }

    /** Spends the link; throws before anything is written when it is unknown, used, expired or someone else's. */
    PersonId redeem(Actor actor, String token) {
        UUID id = jdbc.sql("""
                        UPDATE data_exports SET used_at = :now
                        WHERE token_hash = :hash AND person_id = :person AND used_at IS NULL AND expires_at > :now
                        RETURNING export_id""")
                .param("now", SqlTime.of(clock.instant())).param("hash", Secrets.sha256(token))
                .param("person", actor.person().id()).query(UUID.class).optional()
                .orElseThrow(() -> CustosException.notFound("Export link (used, expired or not yours)"));
        audit.record(AuditEvent.installation(actor.person(), "data_export.downloaded").on("data_export", id));
        return actor.person();
    }
}
