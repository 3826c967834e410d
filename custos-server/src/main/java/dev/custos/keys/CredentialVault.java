package dev.custos.keys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import com.google.crypto.tink.Aead;
import dev.custos.audit.AuditEvent;
import dev.custos.audit.AuditLog;
import dev.custos.platform.PersonId;
import dev.custos.platform.SqlTime;
import dev.custos.platform.Tenancy;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The credential vault (SC-03): the secrets Custos uses on someone's behalf — a connected tool's token, a model
 * provider's API key, a single sign-on client secret. Each is sealed with AES-256-GCM under the vault keyset's
 * primary version and bound to its workspace, id and purpose. Nothing returns a secret to a caller: owners show
 * its {@link #hint}; only the code that uses a secret opens it, and every opening is audited.
 *
 * <p>The installation's own secrets belong to {@link WorkspaceId#INSTALLATION}. Methods join the caller's
 * transaction, so a secret and the row that refers to it are written together.
 */
@Service
public class CredentialVault {

    static final int MAX_SECRET_LENGTH = 16 * 1024;

    /** A secret as its owner keeps a reference to it: the id, and a hint to recognise it by. */
    public record Stored(UUID id, String hint) {
    }

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final VaultKeys keys;
    private final AuditLog audit;
    private final Clock clock;

    CredentialVault(JdbcClient jdbc, Tenancy tenancy, VaultKeys keys, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.keys = keys;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Seals a new secret for a workspace (or the installation).
     *
     * @param purpose what it is for, e.g. {@code tool.credential}, {@code model_provider.api_key}
     */
    public Stored store(WorkspaceId owner, String purpose, String secret) {
        check(secret);
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        insert(owner, id, purpose, seal(owner, id, purpose, secret), now, now);
        return new Stored(id, hint(secret));
    }

    /** Replaces a secret's value (its owner rotated it at the source); the id and purpose stay. */
    public Stored replace(WorkspaceId owner, UUID id, String secret) {
        check(secret);
        String purpose = purpose(owner, id);
        byte[] ciphertext = seal(owner, id, purpose, secret);
        tenancy.inWorkspace(owner, null, () -> jdbc.sql("""
                        UPDATE vault_secrets SET ciphertext = :c, key_id = :k, sealed_at = :now
                        WHERE workspace_id = :w AND secret_id = :id""")
                .param("c", ciphertext).param("k", VaultKeys.keyIdOf(ciphertext))
                .param("now", SqlTime.of(clock.instant())).param("w", owner.id()).param("id", id).update());
        return new Stored(id, hint(secret));
    }

    /**
     * Opens a secret for use, and records who used it for what in the owner's audit chain.
     *
     * @param actor   the person on whose behalf it is used, or null for the system itself
     * @param usedFor what it is used for now, e.g. {@code http_get}, {@code model_calls}, {@code sso_sign_in}
     */
    public String open(WorkspaceId owner, UUID id, @Nullable PersonId actor, String usedFor) {
        Sealed sealed = tenancy.inWorkspace(owner, null, () -> jdbc.sql("""
                        SELECT purpose, ciphertext FROM vault_secrets WHERE workspace_id = :w AND secret_id = :id""")
                .param("w", owner.id()).param("id", id)
                .query((rs, n) -> new Sealed(rs.getString(1), rs.getBytes(2))).optional()
                .orElseThrow(() -> CustosException.notFound("The secret")));
        String secret = open(owner, id, sealed.purpose(), sealed.ciphertext());
        AuditEvent opened = actor == null ? AuditEvent.system(owner, "vault.secret_opened")
                : AuditEvent.of(owner, actor, "vault.secret_opened");
        audit.record(opened.on("secret", id).with("purpose", sealed.purpose()).with("used_for", usedFor));
        return secret;
    }

    /** Deletes a secret; nothing can open it afterwards. */
    public void delete(WorkspaceId owner, UUID id) {
        tenancy.inWorkspace(owner, null, () -> jdbc.sql(
                        "DELETE FROM vault_secrets WHERE workspace_id = :w AND secret_id = :id")
                .param("w", owner.id()).param("id", id).update());
    }

    /** What a person sees of a secret: its last four characters, or nothing of a short one. */
    public static String hint(String secret) {
        return secret.length() < 16 ? "…" : "…" + secret.substring(secret.length() - 4);
    }

    private record Sealed(String purpose, byte[] ciphertext) {
    }

    /** Re-seals one secret under the primary version, if it is still under an older one. Returns whether it was. */
    boolean reseal(WorkspaceId owner, UUID id, long primary) {
        return tenancy.inWorkspace(owner, null, () -> {
            Sealed sealed = jdbc.sql("""
                            SELECT purpose, ciphertext FROM vault_secrets
                            WHERE workspace_id = :w AND secret_id = :id AND key_id <> :primary FOR UPDATE""")
                    .param("w", owner.id()).param("id", id).param("primary", primary)
                    .query((rs, n) -> new Sealed(rs.getString(1), rs.getBytes(2))).optional().orElse(null);
            if (sealed == null) {
                return false;
            }
            byte[] ciphertext = seal(owner, id, sealed.purpose(), open(owner, id, sealed.purpose(),
                    sealed.ciphertext()));
            return jdbc.sql("""
                            UPDATE vault_secrets SET ciphertext = :c, key_id = :k, sealed_at = :now
                            WHERE workspace_id = :w AND secret_id = :id""")
                    .param("c", ciphertext).param("k", VaultKeys.keyIdOf(ciphertext))
                    .param("now", SqlTime.of(clock.instant())).param("w", owner.id()).param("id", id).update() == 1;
        });
    }

    /** A workspace's secret on its way to another installation: under a transfer key, bound as in the vault. */
    record Moving(UUID id, String purpose, Instant createdAt, byte[] sealed) {
    }

    /** Every secret of the workspace, taken out of the vault's keys and sealed under {@code transfer} instead. */
    List<Moving> sealedFor(WorkspaceId owner, Aead transfer) {
        List<Moving> moving = new ArrayList<>();
        tenancy.inWorkspace(owner, null, () -> jdbc.sql("""
                        SELECT secret_id, purpose, created_at, ciphertext FROM vault_secrets
                        WHERE workspace_id = :w ORDER BY secret_id""")
                .param("w", owner.id()).query(rs -> {
                    UUID id = rs.getObject(1, UUID.class);
                    String purpose = rs.getString(2);
                    byte[] secret = open(owner, id, purpose, rs.getBytes(4)).getBytes(StandardCharsets.UTF_8);
                    try {
                        moving.add(new Moving(id, purpose, SqlTime.instant(rs, "created_at"),
                                transfer.encrypt(secret, ad(owner, id, purpose))));
                    } catch (GeneralSecurityException e) {
                        throw new IllegalStateException("A secret could not be sealed for the move", e);
                    } finally {
                        Arrays.fill(secret, (byte) 0);
                    }
                }));
        return moving;
    }

    /** Keeps a secret that arrived under {@code transfer}, sealed under this vault's primary version. */
    void arrived(WorkspaceId owner, Aead transfer, Moving secret) {
        String opened;
        try {
            opened = new String(transfer.decrypt(secret.sealed(), ad(owner, secret.id(), secret.purpose())),
                    StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("A secret does not open with this transfer key.");
        }
        insert(owner, secret.id(), secret.purpose(), seal(owner, secret.id(), secret.purpose(), opened),
                secret.createdAt(), clock.instant());
    }

    /** A sealed secret's row: when the secret was first stored, and when this ciphertext was made. */
    private void insert(WorkspaceId owner, UUID id, String purpose, byte[] ciphertext, Instant createdAt,
                        Instant sealedAt) {
        tenancy.inWorkspace(owner, null, () -> jdbc.sql("""
                        INSERT INTO vault_secrets (workspace_id, secret_id, purpose, ciphertext, key_id, created_at,
                                                   sealed_at)
                        VALUES (:w, :id, :purpose, :c, :k, :created, :sealed)""")
                .param("w", owner.id()).param("id", id).param("purpose", purpose).param("c", ciphertext)
                .param("k", VaultKeys.keyIdOf(ciphertext)).param("created", SqlTime.of(createdAt))
                .param("sealed", SqlTime.of(sealedAt)).update());
    }

    private String purpose(WorkspaceId owner, UUID id) {
        return tenancy.inWorkspace(owner, null, () -> jdbc.sql(
                        "SELECT purpose FROM vault_secrets WHERE workspace_id = :w AND secret_id = :id")
                .param("w", owner.id()).param("id", id).query(String.class).optional()
                .orElseThrow(() -> CustosException.notFound("The secret")));
    }

    private byte[] seal(WorkspaceId owner, UUID id, String purpose, String secret) {
        try {
            return keys.aead().encrypt(secret.getBytes(StandardCharsets.UTF_8), ad(owner, id, purpose));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Sealing a secret failed", e);
        }
    }

    private String open(WorkspaceId owner, UUID id, String purpose, byte[] ciphertext) {
        byte[] ad = ad(owner, id, purpose);
        try {
            return new String(keys.aead().decrypt(ciphertext, ad), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException stale) {
            // Sealed under a version another node added since this one last read the keyset: read it again.
            try {
                return new String(keys.freshAead().decrypt(ciphertext, ad), StandardCharsets.UTF_8);
            } catch (GeneralSecurityException e) {
                throw new ContentSeal.SealBroken(e);
            }
        }
    }

    private static byte[] ad(WorkspaceId owner, UUID id, String purpose) {
        return ("vault|" + owner + "|" + id + "|" + purpose).getBytes(StandardCharsets.UTF_8);
    }

    private static void check(String secret) {
        if (secret.isBlank()) {
            throw CustosException.invalid("secret-required", "The secret is empty.");
        }
        if (secret.length() > MAX_SECRET_LENGTH) {
            throw CustosException.invalid("secret-too-long",
                    "The secret is longer than " + MAX_SECRET_LENGTH + " characters.");
        }
    }
}
