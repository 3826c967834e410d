package dev.custos.workspace;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.custos.audit.AuditEvent;
import dev.custos.audit.AuditLog;
import dev.custos.identity.Actor;
import dev.custos.identity.IdentityProperties;
import dev.custos.identity.InvitationRedeemer;
import dev.custos.identity.Invitations.InvitationState;
import dev.custos.platform.PersonId;
import dev.custos.platform.Secrets;
import dev.custos.platform.SqlTime;
import dev.custos.platform.Tenancy;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Invitations into a workspace. A code works for a person signing up (it is their way onto the platform too) and
 * for a signed-in person accepting it; either way it is single-use, expiring and revocable.
 */
@Service
@Order(2)
public class WorkspaceInvites implements InvitationRedeemer {

    static final String CODE_PREFIX = "wsi_";

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final Memberships memberships;
    private final IdentityProperties identity;
    private final AuditLog audit;
    private final Clock clock;

    WorkspaceInvites(JdbcClient jdbc, Tenancy tenancy, Memberships memberships, IdentityProperties identity,
                     AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.memberships = memberships;
        this.identity = identity;
        this.audit = audit;
        this.clock = clock;
    }

    public record Invite(UUID inviteId, Role role, PersonId invitedBy, Instant createdAt, Instant expiresAt,
                         String status) {
    }

    public record IssuedInvite(UUID inviteId, Role role, String code, String link, Instant expiresAt) {
    }

    public IssuedInvite invite(WorkspaceAccess access, Role role) {
        access.require(Permission.MANAGE_MEMBERS);
        if (role == Role.OWNER) {
            throw CustosException.invalid("use-transfer", "Nobody is invited as owner; transfer ownership instead.");
        }
        String code = CODE_PREFIX + Secrets.random(33);
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        Instant expires = now.plus(identity.invitationValidity());
        tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> {
            jdbc.sql("""
                            INSERT INTO workspace_invites (workspace_id, invite_id, role, code_hash, invited_by,
                                                           created_at, expires_at)
                            VALUES (:ws, :id, :role, :hash, :by, :now, :expires)
                            """)
                    .param("ws", access.workspace().id()).param("id", id).param("role", role.key())
                    .param("hash", Secrets.sha256(code)).param("by", access.actor().person().id())
                    .param("now", SqlTime.of(now)).param("expires", SqlTime.of(expires)).update();
            audit.record(access.event("invite.created").on("invite", id).with("role", role.key()));
        });
        return new IssuedInvite(id, role, code, identity.baseUrl() + "/signup?code=" + code, expires);
    }

    public List<Invite> list(WorkspaceAccess access) {
        access.require(Permission.MANAGE_MEMBERS);
        Instant now = clock.instant();
        return tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> jdbc.sql("""
                        SELECT * FROM workspace_invites WHERE workspace_id = :ws ORDER BY created_at DESC
                        """)
                .param("ws", access.workspace().id())
                .query((rs, n) -> {
                    Instant expires = rs.getObject("expires_at", OffsetDateTime.class).toInstant();
                    String status = rs.getObject("accepted_at") != null ? "accepted"
                            : rs.getObject("revoked_at") != null ? "revoked"
                            : now.isBefore(expires) ? "pending" : "expired";
                    return new Invite(rs.getObject("invite_id", UUID.class), Role.of(rs.getString("role")),
                            new PersonId(rs.getObject("invited_by", UUID.class)),
                            rs.getObject("created_at", OffsetDateTime.class).toInstant(), expires, status);
                }).list());
    }

    public void revoke(WorkspaceAccess access, UUID inviteId) {
        access.require(Permission.MANAGE_MEMBERS);
        tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> {
            int updated = jdbc.sql("""
                            UPDATE workspace_invites SET revoked_at = :now
                            WHERE workspace_id = :ws AND invite_id = :id AND accepted_at IS NULL AND revoked_at IS NULL
                            """)
                    .param("now", SqlTime.of(clock.instant())).param("ws", access.workspace().id()).param("id", inviteId)
                    .update();
            if (updated == 0) {
                throw CustosException.notFound("Pending invite");
            }
            audit.record(access.event("invite.revoked").on("invite", inviteId));
        });
    }

    /** A signed-in person accepts an invite into a workspace they are not yet a member of. */
    public WorkspaceId accept(Actor actor, String code) {
        actor.requireSignedIn("Accepting an invitation");
        return claim(Secrets.sha256(code.strip()), actor.person())
                .orElseThrow(() -> CustosException.invalid("invitation-invalid", "This invite code is not valid."))
                .workspace();
    }

    @Override
    public Optional<RedeemedInvitation> redeem(String codeHash, PersonId newPerson) {
        return claim(codeHash, newPerson).map(invite ->
                new RedeemedInvitation("workspace", invite.inviteId(), invite.invitedBy(), false));
    }

    /** Finds the invite by its code (the code is the capability), checks it, and makes the person a member. */
    private Optional<Stored> claim(String codeHash, PersonId person) {
        Optional<Stored> found = tenancy.withCredential(codeHash, () -> jdbc.sql("""
                        SELECT workspace_id, invite_id, role, invited_by, expires_at, accepted_at, revoked_at
                        FROM workspace_invites WHERE code_hash = :hash
                        """)
                .param("hash", codeHash)
                .query((rs, n) -> new Stored(new WorkspaceId(rs.getObject(1, UUID.class)), rs.getObject(2, UUID.class),
                        Role.of(rs.getString(3)), new PersonId(rs.getObject(4, UUID.class)),
                        rs.getObject(5, OffsetDateTime.class).toInstant(), rs.getObject(6) != null,
                        rs.getObject(7) != null))
                .optional());
        found.ifPresent(invite -> tenancy.inWorkspace(invite.workspace(), person, () -> {
            // Locked and re-read in the workspace's context, so two people cannot both use one code.
            boolean[] state = jdbc.sql("SELECT accepted_at IS NOT NULL, revoked_at IS NOT NULL FROM workspace_invites "
                            + "WHERE workspace_id = :ws AND invite_id = :id FOR UPDATE")
                    .param("ws", invite.workspace().id()).param("id", invite.inviteId())
                    .query((rs, n) -> new boolean[] {rs.getBoolean(1), rs.getBoolean(2)}).single();
            InvitationState.require(state[0], state[1], invite.expiresAt(), clock.instant());
            if (memberships.roleOf(person).isPresent()) {
                throw CustosException.conflict("already-member", "You are already a member of this workspace.");
            }
            jdbc.sql("UPDATE workspace_invites SET accepted_by = :p, accepted_at = :now "
                            + "WHERE workspace_id = :ws AND invite_id = :id")
                    .param("p", person.id()).param("now", SqlTime.of(clock.instant()))
                    .param("ws", invite.workspace().id()).param("id", invite.inviteId()).update();
            memberships.insertMember(invite.workspace(), person, invite.role());
            audit.record(AuditEvent.of(invite.workspace(), person, "invite.accepted").on("invite", invite.inviteId())
                    .with("role", invite.role().key()).with("invited_by", invite.invitedBy().toString()));
        }));
        return found;
    }


    private record Stored(WorkspaceId workspace, UUID inviteId, Role role, PersonId invitedBy, Instant expiresAt,
                          boolean accepted, boolean revoked) {
    }
}
