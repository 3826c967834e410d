package dev.custos.workspace;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import dev.custos.audit.AuditLog;
import dev.custos.identity.Actor;
import dev.custos.identity.ApiKeyAuthenticator;
import dev.custos.platform.ApiKeyId;
import dev.custos.platform.ChangeNotices;
import dev.custos.platform.NoticedCache;
import dev.custos.platform.PersonId;
import dev.custos.platform.Secrets;
import dev.custos.platform.SqlTime;
import dev.custos.platform.Tenancy;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * API keys: {@code cst_<prefix>_<secret>}. The whole key is shown once; the database keeps its SHA-256 (see
 * {@link Secrets} for why a fast hash is right for a random secret) and the prefix, which identifies it in lists.
 */
@Service
public class ApiKeys implements ApiKeyAuthenticator {

    private final ChangeNotices notices;
    private final NoticedCache<String, Verified> verified;

    static final Set<String> SCOPES = Set.of("read", "write", "admin");
    private static final String TOKEN_PREFIX = "cst_";

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final AuditLog audit;
    private final Clock clock;

    ApiKeys(JdbcClient jdbc, Tenancy tenancy, AuditLog audit, Clock clock, ChangeNotices notices) {
        this.notices = notices;
        // A minute, as the "last used" time is kept to the minute: a cache miss is when it is written.
        this.verified = new NoticedCache<>(notices, "access", key -> key, Duration.ofMinutes(1), clock);
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.audit = audit;
        this.clock = clock;
    }

    public record ApiKey(UUID keyId, PersonId personId, String name, String prefix, Set<String> scopes,
                         Instant createdAt, @Nullable Instant expiresAt, @Nullable Instant lastUsedAt,
                         @Nullable Instant revokedAt) {
    }

    public record CreatedApiKey(ApiKey key, String token) {
        @Override
        public String toString() {
            return "CreatedApiKey[" + key.prefix() + "]";
        }
    }

    /** Creates a key for the caller; its scopes cannot exceed what the caller's role allows. */
    public CreatedApiKey create(WorkspaceAccess access, String name, Set<String> scopes, @Nullable Duration validity) {
        access.actor().requireSignedIn("Creating an API key");
        checkScopes(access, scopes);
        String prefix = Secrets.random(8);
        String token = TOKEN_PREFIX + prefix + "_" + Secrets.random(33);
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        Instant expires = validity == null ? null : now.plus(validity);
        return tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> {
            jdbc.sql("""
                            INSERT INTO api_keys (workspace_id, key_id, person_id, name, prefix, secret_hash, scopes,
                                                  created_at, expires_at)
                            VALUES (:ws, :id, :person, :name, :prefix, :hash, :scopes, :now, :expires)
                            """)
                    .param("ws", access.workspace().id()).param("id", id).param("person", access.actor().person().id())
                    .param("name", name).param("prefix", prefix).param("hash", Secrets.sha256(token))
                    .param("scopes", new TreeSet<>(scopes).toArray(String[]::new))
                    .param("now", SqlTime.of(now)).param("expires", SqlTime.of(expires)).update();
            audit.record(access.event("api_key.created").on("api_key", id).with("prefix", prefix)
                    .with("scopes", String.join(",", new TreeSet<>(scopes))));
            return new CreatedApiKey(find(access.workspace(), new ApiKeyId(id)).orElseThrow(), token);
        });
    }

    /** Refuses scopes that are unknown, none at all, or beyond what the caller's role may grant. */
    void checkScopes(WorkspaceAccess access, Set<String> scopes) {
        access.require(Permission.READ);
        if (scopes.isEmpty() || !SCOPES.containsAll(scopes)) {
            throw CustosException.invalid("invalid-scopes", "Scopes must be a non-empty subset of read, write, admin.");
        }
        for (String scope : scopes) {
            if (scopeBeyondRole(scope, access.role())) {
                throw CustosException.forbidden("Your role (" + access.role().key() + ") cannot grant the '"
                        + scope + "' scope.");
            }
        }
    }

    /** A role grants a scope when it has every permission that scope covers (admin scope: admins and owners). */
    private static boolean scopeBeyondRole(String scope, Role role) {
        return Arrays.stream(Permission.values())
                .filter(p -> p.scope().equals(scope) && p != Permission.OWN)
                .anyMatch(p -> !role.allows(p));
    }

    /** Owners and admins see every key of the workspace; others see their own. */
    public List<ApiKey> list(WorkspaceAccess access) {
        access.require(Permission.READ);
        boolean all = access.role().allows(Permission.MANAGE_MEMBERS);
        return tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> jdbc.sql("""
                        SELECT * FROM api_keys WHERE workspace_id = :ws AND (:all OR person_id = :person)
                        ORDER BY created_at DESC
                        """)
                .param("ws", access.workspace().id()).param("all", all)
                .param("person", access.actor().person().id())
                .query((rs, n) -> apiKey(rs)).list());
    }

    public void revoke(WorkspaceAccess access, ApiKeyId keyId) {
        access.require(Permission.READ);
        tenancy.inWorkspace(access.workspace(), access.actor().person(), () -> {
            ApiKey key = find(access.workspace(), keyId).orElseThrow(() -> CustosException.notFound("API key"));
            boolean own = key.personId().equals(access.actor().person());
            if (!own) {
                access.require(Permission.MANAGE_MEMBERS);
            }
            if (key.revokedAt() != null) {
                return;
            }
            notices.changedHere("access", ChangeNotices.ALL);
            jdbc.sql("UPDATE api_keys SET revoked_at = :now WHERE workspace_id = :ws AND key_id = :id")
                    .param("now", SqlTime.of(clock.instant())).param("ws", access.workspace().id()).param("id", keyId)
                    .update();
            audit.record(access.event("api_key.revoked").on("api_key", keyId).with("prefix", key.prefix()));
        });
    }

    @Override
    public Optional<Actor> authenticate(String token) {
        if (!token.startsWith(TOKEN_PREFIX) || token.length() > 100) {
            return Optional.empty();
        }
        String hash = Secrets.sha256(token);
        Verified key = verified.get(hash, () -> verify(hash).orElse(null));
        return Optional.ofNullable(key)
                .filter(valid -> valid.expiresAt() == null || clock.instant().isBefore(valid.expiresAt()))
                .map(Verified::actor);
    }

    /**
     * A key that works now, as API calls use it: held in memory by its hash until an access change is noticed
     * ({@link ChangeNotices}) or a minute passes.
     */
    private record Verified(Actor actor, @Nullable Instant expiresAt) {
    }

    private Optional<Verified> verify(String hash) {
        Optional<Found> found = tenancy.withCredential(hash, () -> jdbc.sql("""
                        SELECT workspace_id, key_id, person_id, scopes, expires_at, revoked_at
                        FROM api_keys WHERE secret_hash = :hash
                        """)
                .param("hash", hash)
                .query((rs, n) -> new Found(new WorkspaceId(rs.getObject(1, UUID.class)), rs.getObject(2, UUID.class),
                        new PersonId(rs.getObject(3, UUID.class)), scopes(rs.getArray(4)),
                        rs.getObject(5, OffsetDateTime.class), rs.getObject(6) != null))
                .optional());
        Instant now = clock.instant();
        return found
                .filter(key -> !key.revoked() && (key.expiresAt() == null || now.isBefore(key.expiresAt().toInstant())))
                .filter(key -> tenancy.inWorkspace(key.workspace(), key.person(), () -> {
                    // The key works only while its holder is still a member.
                    boolean member = jdbc.sql("SELECT EXISTS (SELECT 1 FROM memberships "
                                    + "WHERE workspace_id = :ws AND person_id = :p)")
                            .param("ws", key.workspace().id()).param("p", key.person().id())
                            .query(Boolean.class).single();
                    if (member) {
                        // Minute precision is enough to show "last used", and it spares a busy key's row a write
                        // (and a row lock every concurrent request would queue on) per request.
                        jdbc.sql("""
                                UPDATE api_keys SET last_used_at = :now WHERE workspace_id = :ws AND key_id = :id
                                AND (last_used_at IS NULL OR last_used_at < :staleBefore)""")
                                .param("now", SqlTime.of(now)).param("ws", key.workspace().id()).param("id", key.keyId())
                                .param("staleBefore", SqlTime.of(now.minusSeconds(60)))
                                .update();
                    }
                    return member;
                }))
                .map(key -> new Verified(new Actor(key.person(), new Actor.ApiKeyGrant(key.keyId(), key.workspace(),
                        key.scopes())), key.expiresAt() == null ? null : key.expiresAt().toInstant()));
    }

    private Optional<ApiKey> find(WorkspaceId workspace, ApiKeyId keyId) {
        return jdbc.sql("SELECT * FROM api_keys WHERE workspace_id = :ws AND key_id = :id")
                .param("ws", workspace.id()).param("id", keyId).query((rs, n) -> apiKey(rs)).optional();
    }

    private static ApiKey apiKey(ResultSet rs) throws SQLException {
        return new ApiKey(rs.getObject("key_id", UUID.class), new PersonId(rs.getObject("person_id", UUID.class)),
                rs.getString("name"), rs.getString("prefix"), scopes(rs.getArray("scopes")),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(), SqlTime.instant(rs, "expires_at"),
                SqlTime.instant(rs, "last_used_at"), SqlTime.instant(rs, "revoked_at"));
    }


    private static Set<String> scopes(Array array) throws SQLException {
        return Set.of((String[]) array.getArray());
    }


    private record Found(WorkspaceId workspace, UUID keyId, PersonId person, Set<String> scopes,
                         @Nullable OffsetDateTime expiresAt, boolean revoked) {
    }
}
