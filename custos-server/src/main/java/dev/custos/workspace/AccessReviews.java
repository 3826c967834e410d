package dev.custos.workspace;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.custos.audit.AuditLog;
import dev.custos.identity.People;
import dev.custos.platform.PersonId;
import dev.custos.platform.Secrets;
import dev.custos.platform.SqlTime;
import dev.custos.platform.Tenancy;
import dev.custos.platform.web.CustosException;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Least privilege, made visible (SC-05): who has access to the workspace and what each may do — members with
 * their role's permissions and whether they have a second factor, API keys with their scopes, open invitations
 * — and recorded reviews of that list by its owners and admins.
 */
@Service
public class AccessReviews {

    /** A member and what their role lets them do. */
    public record MemberAccess(PersonId personId, String name, @Nullable String email, Role role,
                               Set<String> permissions, boolean secondFactor, Instant joinedAt) {
    }

    /** A key, whose it is, and what it may do. */
    public record KeyAccess(UUID keyId, PersonId holder, String name, String prefix, Set<String> scopes,
                            @Nullable Instant expiresAt) {
    }

    /** Everyone and everything that can act in the workspace now. */
    public record Overview(List<MemberAccess> members, List<KeyAccess> apiKeys, List<WorkspaceInvites.Invite> invites,
                           @Nullable Review lastReview) {
    }

    /** A recorded review. */
    public record Review(UUID id, PersonId reviewedBy, Instant reviewedAt, int members, int apiKeys, String digest,
                         String note) {
    }

    private final Memberships memberships;
    private final ApiKeys apiKeys;
    private final WorkspaceInvites invites;
    private final People people;
    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final AuditLog audit;
    private final Clock clock;

    AccessReviews(Memberships memberships, ApiKeys apiKeys, WorkspaceInvites invites, People people, JdbcClient jdbc,
                  Tenancy tenancy, AuditLog audit, Clock clock) {
        this.memberships = memberships;
        this.apiKeys = apiKeys;
        this.invites = invites;
        this.people = people;
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.audit = audit;
        this.clock = clock;
    }

    public Overview overview(WorkspaceAccess access) {
        access.require(Permission.MANAGE_MEMBERS);
        List<Member> all = memberships.members(access);
        Set<PersonId> secured = people.withSecondFactor(all.stream().map(Member::personId).toList());
        List<MemberAccess> members = all.stream()
                .map(member -> new MemberAccess(member.personId(), member.name(), member.email(), member.role(),
                        permissions(member.role()), secured.contains(member.personId()), member.joinedAt()))
                .toList();
        List<KeyAccess> keys = apiKeys.list(access).stream().filter(key -> key.revokedAt() == null)
                .filter(key -> key.expiresAt() == null || key.expiresAt().isAfter(clock.instant()))
                .map(key -> new KeyAccess(key.keyId(), key.personId(), key.name(), key.prefix(), key.scopes(),
                        key.expiresAt()))
                .toList();
        List<WorkspaceInvites.Invite> open = invites.list(access).stream()
                .filter(invite -> invite.status().equals("pending")).toList();
        return new Overview(members, keys, open, reviews(access).stream().findFirst().orElse(null));
    }

    /** Records that the caller reviewed the access list as it stands now. */
    public Review record(WorkspaceAccess access, String note) {
        access.require(Permission.MANAGE_MEMBERS);
        if (note.length() > 2000) {
            throw CustosException.invalid("note-too-long", "Keep the note under 2,000 characters.");
        }
        Overview overview = overview(access);
        String digest = Secrets.sha256(overview.members().stream()
                .map(m -> m.personId() + ":" + m.role().key() + ":" + m.secondFactor()).sorted()
                .collect(Collectors.joining(",")) + "|" + overview.apiKeys().stream()
                .map(k -> k.keyId() + ":" + String.join("+", k.scopes().stream().sorted().toList())).sorted()
                .collect(Collectors.joining(",")));
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> {
            jdbc.sql("""
                    INSERT INTO access_reviews (workspace_id, review_id, reviewed_by, reviewed_at, members, api_keys,
                                                digest, note)
                    VALUES (:w, :id, :by, :now, :members, :keys, :digest, :note)""")
                    .param("w", access.workspace().id()).param("id", id).param("by", access.actor().person().id())
                    .param("now", SqlTime.of(now)).param("members", overview.members().size())
                    .param("keys", overview.apiKeys().size()).param("digest", digest).param("note", note.strip())
                    .update();
            audit.record(access.event("access.reviewed").on("access_review", id).with("digest", digest));
        });
        return new Review(id, access.actor().person(), now, overview.members().size(), overview.apiKeys().size(),
                digest, note.strip());
    }

    public List<Review> reviews(WorkspaceAccess access) {
        access.require(Permission.MANAGE_MEMBERS);
        return tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> jdbc.sql("""
                        SELECT * FROM access_reviews WHERE workspace_id = :w ORDER BY reviewed_at DESC LIMIT 100""")
                .param("w", access.workspace().id())
                .query((rs, n) -> new Review(rs.getObject("review_id", UUID.class),
                        new PersonId(rs.getObject("reviewed_by", UUID.class)),
                        Objects.requireNonNull(SqlTime.instant(rs, "reviewed_at")), rs.getInt("members"),
                        rs.getInt("api_keys"), rs.getString("digest"), rs.getString("note")))
                .list());
    }

    private static Set<String> permissions(Role role) {
        return Arrays.stream(Permission.values()).filter(role::allows)
                .map(permission -> permission.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
