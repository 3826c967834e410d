package dev.custos.identity;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

import dev.custos.audit.AuditEvent;
import dev.custos.audit.AuditLog;
import dev.custos.platform.PersonId;
import dev.custos.platform.Secrets;
import dev.custos.platform.SqlTime;
import dev.custos.platform.web.CustosException;
import org.jspecify.annotations.Nullable;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Installation invitations: how a person gets onto the platform without a workspace invite. */
@Service
@Order(1)
public class Invitations implements InvitationRedeemer {

    static final String CODE_PREFIX = "inv_";

    private final JdbcClient jdbc;
    private final IdentityProperties properties;
    private final AuditLog audit;
    private final Clock clock;

    Invitations(JdbcClient jdbc, IdentityProperties properties, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.audit = audit;
        this.clock = clock;
    }

    /** Issues an invitation; only installation admins may (checked by the caller), or nobody for the bootstrap. */
    @Transactional
    public IssuedInvitation issue(@Nullable PersonId issuer) {
        var validity = issuer == null ? properties.bootstrapInvitationValidity() : properties.invitationValidity();
        String code = CODE_PREFIX + Secrets.random(33);
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        Instant expires = now.plus(validity);
        jdbc.sql("""
                        INSERT INTO invitations (invitation_id, code_hash, issued_by, created_at, expires_at)
                        VALUES (:id, :hash, :issuer, :now, :expires)
                        """)
                .param("id", id).param("hash", Secrets.sha256(code))
                .param("issuer", issuer == null ? null : issuer.id())
                .param("now", SqlTime.of(now)).param("expires", SqlTime.of(expires))
                .update();
        audit.record(AuditEvent.installation(issuer, "invitation.issued").on("invitation", id));
        return new IssuedInvitation(id, code, signUpLink(properties.baseUrl(), code), expires);
    }

    /** Revokes bootstrap invitations nobody used, so that only the newest printed link works. */
    @Transactional
    public void revokeUnusedBootstrapInvitations() {
        jdbc.sql("""
                UPDATE invitations SET revoked_at = :now
                WHERE issued_by IS NULL AND used_at IS NULL AND revoked_at IS NULL
                """).param("now", SqlTime.of(clock.instant())).update();
    }

    static String signUpLink(String baseUrl, String code) {
        return baseUrl + "/signup?code=" + code;
    }

    @Override
    public Optional<RedeemedInvitation> redeem(String codeHash, PersonId newPerson) {
        var found = jdbc.sql("""
                        SELECT invitation_id, issued_by, expires_at, used_at, revoked_at FROM invitations
                        WHERE code_hash = :hash FOR UPDATE
                        """)
                .param("hash", codeHash)
                .query((rs, n) -> new Stored(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getObject(3, OffsetDateTime.class).toInstant(), rs.getObject(4) != null,
                        rs.getObject(5) != null))
                .optional();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Stored invitation = found.get();
        invitation.requireUsable(clock.instant());
        jdbc.sql("UPDATE invitations SET used_by = :person, used_at = :now WHERE invitation_id = :id")
                .param("person", newPerson.id()).param("now", SqlTime.of(clock.instant())).param("id", invitation.id())
                .update();
        PersonId issuer = invitation.issuedBy() == null ? null : new PersonId(invitation.issuedBy());
        // The bootstrap invitation makes the first person the installation's administrator.
        return Optional.of(new RedeemedInvitation("installation", invitation.id(), issuer, issuer == null));
    }


    private record Stored(UUID id, @Nullable UUID issuedBy, Instant expiresAt, boolean used, boolean revoked) {
        void requireUsable(Instant now) {
            InvitationState.require(used, revoked, expiresAt, now);
        }
    }

    /** The shared rule for every kind of invitation: single use, revocable, expiring. */
    public static final class InvitationState {
        private InvitationState() {
        }

        public static void require(boolean used, boolean revoked, Instant expiresAt, Instant now) {
            if (used) {
                throw new CustosException(HttpStatus.CONFLICT, "invitation-used", "This invitation was already used.");
            }
            if (revoked) {
                throw new CustosException(HttpStatus.CONFLICT, "invitation-revoked", "This invitation was revoked.");
            }
            if (!now.isBefore(expiresAt)) {
                throw new CustosException(HttpStatus.CONFLICT, "invitation-expired",
                        "This invitation has expired; ask for a new one.");
            }
        }
    }
}
