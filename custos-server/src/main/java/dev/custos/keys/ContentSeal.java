package dev.custos.keys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import dev.custos.platform.SqlTime;
import dev.custos.platform.Tenancy;
import dev.custos.platform.WorkspaceId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Seals content at rest with AES-256-GCM under the workspace's data key. Every ciphertext is bound to where it
 * belongs ({@code context}, e.g. {@code session-event:<id>:<seq>}) as associated data, so a row copied elsewhere
 * does not open. Installation secrets (a model provider's API key) are sealed under the master key itself.
 */
@Service
public class ContentSeal {

    private static final UUID WORKSPACE_SUBJECT = new UUID(0, 0);

    private final MasterKey master;
    private final Tenancy tenancy;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final Map<WorkspaceId, Aead> keys = new ConcurrentHashMap<>();

    ContentSeal(MasterKey master, Tenancy tenancy, JdbcClient jdbc, Clock clock) {
        this.master = master;
        this.tenancy = tenancy;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public byte[] seal(WorkspaceId workspace, String plaintext, String context) {
        try {
            return key(workspace).encrypt(plaintext.getBytes(StandardCharsets.UTF_8), ad(workspace, context));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Sealing failed", e);
        }
    }

    /** @throws SealBroken when the ciphertext was altered, moved, or its key is gone */
    public String open(WorkspaceId workspace, byte[] ciphertext, String context) {
        try {
            return new String(key(workspace).decrypt(ciphertext, ad(workspace, context)), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new SealBroken(e);
        }
    }

    public byte[] sealInstallationSecret(String secret, String context) {
        try {
            return master.aead().encrypt(secret.getBytes(StandardCharsets.UTF_8), context.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Sealing failed", e);
        }
    }

    public String openInstallationSecret(byte[] ciphertext, String context) {
        try {
            return new String(master.aead().decrypt(ciphertext, context.getBytes(StandardCharsets.UTF_8)),
                    StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new SealBroken(e);
        }
    }

    private static byte[] ad(WorkspaceId workspace, String context) {
        return (workspace + "|" + context).getBytes(StandardCharsets.UTF_8);
    }

    private Aead key(WorkspaceId workspace) {
        return keys.computeIfAbsent(workspace, this::loadOrCreate);
    }

    private Aead loadOrCreate(WorkspaceId workspace) {
        byte[] keyAd = ("data-key|" + workspace + "|" + WORKSPACE_SUBJECT).getBytes(StandardCharsets.UTF_8);
        String stored = tenancy.inWorkspace(workspace, null, () -> stored(workspace).orElseGet(() -> {
            try {
                String fresh = TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(
                        KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM), master.aead(), keyAd);
                // Two nodes may race to create it: the first insert wins, both read the winner.
                jdbc.sql("""
                        INSERT INTO data_keys (workspace_id, subject_id, keyset, created_at)
                        VALUES (:workspace, :subject, :keyset, :now) ON CONFLICT DO NOTHING
                        """).param("workspace", workspace.id()).param("subject", WORKSPACE_SUBJECT)
                        .param("keyset", fresh).param("now", SqlTime.of(clock.instant())).update();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("Key generation failed", e);
            }
            return stored(workspace).orElseThrow();
        }));
        try {
            return TinkJsonProtoKeysetFormat.parseEncryptedKeyset(stored, master.aead(), keyAd)
                    .getPrimitive(RegistryConfiguration.get(), Aead.class);
        } catch (GeneralSecurityException e) {
            throw new SealBroken(e);
        }
    }

    private java.util.Optional<String> stored(WorkspaceId workspace) {
        return jdbc.sql("SELECT keyset FROM data_keys WHERE workspace_id = :workspace AND subject_id = :subject")
                .param("workspace", workspace.id()).param("subject", WORKSPACE_SUBJECT)
                .query(String.class).optional();
    }

    /** A ciphertext that cannot be opened: altered, moved to another place, or its key destroyed. */
    public static final class SealBroken extends RuntimeException {
        SealBroken(Throwable cause) {
            super("Sealed content cannot be opened", cause);
        }
    }
}
