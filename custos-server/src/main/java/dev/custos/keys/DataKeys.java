package dev.custos.keys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.UUID;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadParameters;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.prf.PredefinedPrfParameters;
import com.google.crypto.tink.prf.PrfConfig;
import com.google.crypto.tink.prf.PrfSet;
import dev.custos.platform.WorkspaceId;

/**
 * The data keys content is sealed under (SC-02): one AES-256-GCM keyset per (workspace, subject), stored only
 * encrypted by the master key and bound to its owner, so a stored key moved to another subject does not open.
 */
final class DataKeys {

    static final AeadParameters PARAMETERS = PredefinedAeadParameters.AES256_GCM;

    static {
        try {
            PrfConfig.register(); // the index keys' primitive
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private DataKeys() {
    }

    /** A new data key for a subject in a workspace, as the key store keeps it. */
    static String generate(Aead master, WorkspaceId workspace, UUID subject) throws GeneralSecurityException {
        return TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(KeysetHandle.generateNew(PARAMETERS), master,
                boundTo(workspace, subject));
    }

    /** The stored data key of this subject in this workspace, ready to seal and open. */
    static Aead open(String stored, Aead master, WorkspaceId workspace, UUID subject) throws GeneralSecurityException {
        return TinkJsonProtoKeysetFormat.parseEncryptedKeyset(stored, master, boundTo(workspace, subject))
                .getPrimitive(RegistryConfiguration.get(), Aead.class);
    }

    /** A new index key (HMAC-SHA256 PRF) for a workspace's blind index, as the key store keeps it. */
    static String generateIndexKey(Aead master, WorkspaceId workspace, UUID subject) throws GeneralSecurityException {
        return TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(
                KeysetHandle.generateNew(PredefinedPrfParameters.HMAC_SHA256_PRF), master, boundTo(workspace, subject));
    }

    static PrfSet openIndexKey(String stored, Aead master, WorkspaceId workspace, UUID subject)
            throws GeneralSecurityException {
        return TinkJsonProtoKeysetFormat.parseEncryptedKeyset(stored, master, boundTo(workspace, subject))
                .getPrimitive(RegistryConfiguration.get(), PrfSet.class);
    }

    static byte[] boundTo(WorkspaceId workspace, UUID subject) {
        return ("data-key|" + workspace + "|" + subject).getBytes(StandardCharsets.UTF_8);
    }
}
