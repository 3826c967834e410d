package dev.custos.workspace;

import java.security.SecureRandom;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import dev.custos.audit.AuditLog;
import dev.custos.identity.Actor;
import dev.custos.identity.IdentityProperties;
import dev.custos.platform.PersonId;
import dev.custos.platform.Secrets;
import dev.custos.platform.SqlTime;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Signing a terminal in from the browser, in the shape of the OAuth 2.0 device authorization grant (RFC 8628):
 * the terminal gets a device code (secret, it polls with it) and a short user code (the person types it into a
 * signed-in browser and chooses a workspace and scopes). Once approved, the next poll receives an API key made at
 * that moment for the approving person, exactly once. Codes last ten minutes; only their hashes are stored.
 */
@Service
public class DeviceLogins {

    static final Duration VALIDITY = Duration.ofMinutes(10);
    static final Duration INTERVAL = Duration.ofSeconds(5);
    /** Keys a terminal receives last this long; signing in again makes a new one. */
    static final Duration KEY_VALIDITY = Duration.ofDays(90);
    // No vowels (no words), no look-alikes (0/O, 1/I).
    private static final char[] USER_CODE_ALPHABET = "BCDFGHJKLMNPQRSTVWXZ".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What the terminal shows and keeps. */
    public record Started(String deviceCode, String userCode, String verificationUri, String verificationUriComplete,
                          long expiresIn, long interval) {
        @Override
        public String toString() {
            return "Started[redacted]";
        }
    }

    /** The key a terminal receives, once. */
    public record Delivered(String token, WorkspaceId workspaceId, String workspaceName, Set<String> scopes) {
        @Override
        public String toString() {
            return "Delivered[" + workspaceId + "]";
        }
    }

    /** A login waiting for a person's decision, as the approval page shows it. */
    public record Waiting(String clientName, Instant expiresAt) {
    }

    private record Row(UUID id, String clientName, Instant expiresAt, @Nullable Instant lastPolledAt,
                       @Nullable Boolean approved, @Nullable PersonId decidedBy, @Nullable WorkspaceId workspace,
                       Set<String> scopes, @Nullable Instant deliveredAt) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Workspaces workspaces;
    private final ApiKeys apiKeys;
    private final IdentityProperties identity;
    private final AuditLog audit;
    private final Clock clock;

    DeviceLogins(JdbcClient jdbc, TransactionTemplate transactions, Workspaces workspaces, ApiKeys apiKeys,
                 IdentityProperties identity, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.workspaces = workspaces;
        this.apiKeys = apiKeys;
        this.identity = identity;
        this.audit = audit;
        this.clock = clock;
    }

    public Started start(@Nullable String clientName) {
        String name = clientName == null || clientName.isBlank() ? "Custos terminal" : clientName.strip();
        if (name.length() > 60) {
            throw CustosException.invalid("invalid-client-name", "clientName is at most 60 characters.");
        }
        String deviceCode = Secrets.random(43);
        String userCode = userCode();
        Instant now = clock.instant();
        jdbc.sql("""
                        INSERT INTO device_logins (login_id, device_code_hash, user_code_hash, client_name, created_at,
                                                   expires_at)
                        VALUES (:id, :device, :user, :name, :now, :expires)""")
                .param("id", UUID.randomUUID()).param("device", Secrets.sha256(deviceCode))
                .param("user", Secrets.sha256(normalised(userCode))).param("name", name)
                .param("now", SqlTime.of(now)).param("expires", SqlTime.of(now.plus(VALIDITY))).update();
        String page = identity.baseUrl() + "/device";
        return new Started(deviceCode, userCode, page, page + "?code=" + userCode, VALIDITY.toSeconds(),
                INTERVAL.toSeconds());
    }

    /** The login a user code names, if it still waits for a decision. */
    public Optional<Waiting> waiting(String userCode) {
        return byUserCode(userCode).filter(row -> row.approved() == null && row.expiresAt().isAfter(clock.instant()))
                .map(row -> new Waiting(row.clientName(), row.expiresAt()));
    }

    /** The signed-in person lets the terminal act for them in one of their workspaces, with these scopes. */
    public void approve(Actor actor, String userCode, WorkspaceId workspace, Set<String> scopes) {
        actor.requireSignedIn("Approving a terminal sign-in");
        WorkspaceAccess access = workspaces.access(actor, workspace);
        apiKeys.checkScopes(access, scopes);
        decide(actor.person(), userCode, true, workspace, scopes);
        audit.record(access.event("device_login.approved").with("scopes", String.join(",", new TreeSet<>(scopes))));
    }

    public void deny(Actor actor, String userCode) {
        actor.requireSignedIn("Denying a terminal sign-in");
        decide(actor.person(), userCode, false, null, Set.of());
    }

    /**
     * The terminal's poll: the key once approved (exactly once), or why not yet — pending, too fast, denied,
     * expired — as RFC 8628's errors say it.
     */
    public Delivered poll(String deviceCode) {
        Instant now = clock.instant();
        // The outcome is decided in the transaction and refused after it, so the poll's time is kept either way.
        Object outcome = transactions.execute(status -> {
            Row row = jdbc.sql("SELECT * FROM device_logins WHERE device_code_hash = :h FOR UPDATE")
                    .param("h", Secrets.sha256(deviceCode)).query((rs, n) -> row(rs)).optional().orElse(null);
            if (row == null || row.deliveredAt() != null || row.expiresAt().isBefore(now)) {
                return refusal("expired-token", "This sign-in is unknown or over; start again in the terminal.");
            }
            if (Boolean.FALSE.equals(row.approved())) {
                return refusal("access-denied", "The sign-in was denied in the browser.");
            }
            boolean tooSoon = row.lastPolledAt() != null && row.lastPolledAt().plus(INTERVAL.minusMillis(500))
                    .isAfter(now);
            jdbc.sql("UPDATE device_logins SET last_polled_at = :now WHERE login_id = :id")
                    .param("now", SqlTime.of(now)).param("id", row.id()).update();
            if (row.approved() == null) {
                return tooSoon ? refusal("slow-down", "Poll at most every " + INTERVAL.toSeconds() + " seconds.")
                        : refusal("authorization-pending", "Waiting for you to approve the sign-in in the browser.");
            }
            WorkspaceAccess access = workspaces.access(Actor.person(Objects.requireNonNull(row.decidedBy())),
                    Objects.requireNonNull(row.workspace()));
            ApiKeys.CreatedApiKey key = apiKeys.create(access, row.clientName(), row.scopes(), KEY_VALIDITY);
            jdbc.sql("UPDATE device_logins SET delivered_at = :now, delivered_key_id = :key WHERE login_id = :id")
                    .param("now", SqlTime.of(now)).param("key", key.key().keyId()).param("id", row.id()).update();
            return new Delivered(key.token(), row.workspace(), workspaces.get(access).name(), key.key().scopes());
        });
        if (outcome instanceof CustosException refused) {
            throw refused;
        }
        return (Delivered) Objects.requireNonNull(outcome);
    }

    @Scheduled(fixedDelayString = "1h", initialDelayString = "10m")
    void forgetOldLogins() {
        jdbc.sql("DELETE FROM device_logins WHERE expires_at < :cutoff")
                .param("cutoff", SqlTime.of(clock.instant().minus(Duration.ofDays(1)))).update();
    }

    private void decide(PersonId person, String userCode, boolean approved, @Nullable WorkspaceId workspace,
                        Set<String> scopes) {
        int decided = jdbc.sql("""
                        UPDATE device_logins SET decided_by = :p, decided_at = :now, approved = :approved,
                            approved_workspace_id = :ws, approved_scopes = :scopes
                        WHERE user_code_hash = :h AND approved IS NULL AND expires_at > :now""")
                .param("p", person.id()).param("now", SqlTime.of(clock.instant())).param("approved", approved)
                .param("ws", workspace == null ? null : workspace.id())
                .param("scopes", new TreeSet<>(scopes).toArray(String[]::new))
                .param("h", Secrets.sha256(normalised(userCode))).update();
        if (decided == 0) {
            throw CustosException.invalid("unknown-device-code",
                    "That code is not waiting for a decision: check it, or start the sign-in again in the terminal.");
        }
    }

    private Optional<Row> byUserCode(String userCode) {
        return jdbc.sql("SELECT * FROM device_logins WHERE user_code_hash = :h")
                .param("h", Secrets.sha256(normalised(userCode))).query((rs, n) -> row(rs)).optional();
    }

    private static Row row(ResultSet rs) throws SQLException {
        Array scopes = rs.getArray("approved_scopes");
        UUID decidedBy = rs.getObject("decided_by", UUID.class);
        UUID workspace = rs.getObject("approved_workspace_id", UUID.class);
        Object approved = rs.getObject("approved");
        return new Row(rs.getObject("login_id", UUID.class), rs.getString("client_name"),
                Objects.requireNonNull(SqlTime.instant(rs, "expires_at")), SqlTime.instant(rs, "last_polled_at"),
                approved == null ? null : (Boolean) approved, decidedBy == null ? null : new PersonId(decidedBy),
                workspace == null ? null : new WorkspaceId(workspace),
                scopes == null ? Set.of() : Set.of((String[]) scopes.getArray()), SqlTime.instant(rs, "delivered_at"));
    }

    /** Eight letters shown as two groups, e.g. {@code BKQR-TXZM}. */
    private static String userCode() {
        var code = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            code.append(USER_CODE_ALPHABET[RANDOM.nextInt(USER_CODE_ALPHABET.length)]);
            if (i == 3) {
                code.append('-');
            }
        }
        return code.toString();
    }

    /** Case and separators do not matter when the person types the code. */
    private static String normalised(String userCode) {
        return userCode.toUpperCase(Locale.ROOT).replaceAll("[^A-Z]", "");
    }

    private static CustosException refusal(String type, String message) {
        return new CustosException(HttpStatus.BAD_REQUEST, type, message);
    }
}
