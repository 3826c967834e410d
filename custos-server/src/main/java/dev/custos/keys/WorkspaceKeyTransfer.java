package dev.custos.keys;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import dev.custos.platform.WorkspaceId;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A workspace's keys (its people's data keys, its own, its index key) leaving this installation for another
 * region's, or arriving from one: the first step of moving a workspace between regions. Each keyset is taken out
 * of this master key's wrapping and put under a transfer key (AES-256-GCM, 32 random bytes the two installations'
 * administrators pass between them), bound to its workspace and subject as before; the receiving installation puts
 * it under its own master key. No key is ever in the clear outside memory, and the transfer key opens nothing else.
 */
@Component
public class WorkspaceKeyTransfer {

    private static final TypeReference<Map<UUID, String>> KEYS = new TypeReference<>() {
    };

    private final KeyStore store;
    private final KeyWrapping master;
    private final JsonMapper json;

    WorkspaceKeyTransfer(KeyStore store, MasterKeys masterKeys, JsonMapper json) {
        this.store = store;
        this.master = masterKeys.key();
        this.json = json;
    }

    /** A fresh transfer key. */
    public static byte[] newTransferKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    /** The workspace's keys, each under the transfer key instead of this installation's master key. */
    public byte[] export(WorkspaceId workspace, byte[] transferKey) {
        Aead transfer = new TransferAead(transferKey);
        Map<UUID, String> moved = new LinkedHashMap<>();
        store.workspaceKeys(workspace.id()).forEach((subject, stored) -> {
            try {
                byte[] bound = DataKeys.boundTo(workspace, subject);
                KeysetHandle keyset = TinkJsonProtoKeysetFormat.parseEncryptedKeyset(stored, master.aead(), bound);
                moved.put(subject, TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(keyset, transfer, bound));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("A key of the workspace does not open under this master key", e);
            }
        });
        return json.writeValueAsBytes(moved);
    }

    /**
     * Keeps the keys another installation exported for this workspace, under this installation's master key;
     * refused whole when any does not open with the transfer key. Returns how many it kept.
     */
    public int accept(WorkspaceId workspace, byte[] exported, byte[] transferKey) {
        Aead transfer = new TransferAead(transferKey);
        Map<UUID, String> wrapped = new LinkedHashMap<>();
        json.readValue(exported, KEYS).forEach((subject, moved) -> {
            try {
                byte[] bound = DataKeys.boundTo(workspace, subject);
                KeysetHandle keyset = TinkJsonProtoKeysetFormat.parseEncryptedKeyset(moved, transfer, bound);
                wrapped.put(subject, TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(keyset, master.aead(), bound));
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException("The keys do not open with this transfer key, or were not "
                        + "exported for this workspace.");
            }
        });
        int kept = 0;
        for (var key : wrapped.entrySet()) {
            if (!store.shredded(key.getKey())) { // an erased person's key is never brought back
                store.insertIfAbsent(workspace.id(), key.getKey(), key.getValue());
                kept++;
            }
        }
        return kept;
    }

    /** AES-256-GCM with a random 96-bit nonce ahead of the ciphertext: the transfer key as Tink's {@link Aead}. */
    private record TransferAead(byte[] key) implements Aead {

        TransferAead {
            if (key.length != 32) {
                throw new IllegalArgumentException("A transfer key is 32 bytes.");
            }
        }

        @Override
        public byte[] encrypt(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException {
            byte[] nonce = new byte[12];
            new SecureRandom().nextBytes(nonce);
            byte[] sealed = cipher(Cipher.ENCRYPT_MODE, nonce, associatedData).doFinal(plaintext);
            return ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
        }

        @Override
        public byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException {
            if (ciphertext.length < 12 + 16) {
                throw new GeneralSecurityException("too short");
            }
            byte[] nonce = java.util.Arrays.copyOf(ciphertext, 12);
            return cipher(Cipher.DECRYPT_MODE, nonce, associatedData)
                    .doFinal(ciphertext, 12, ciphertext.length - 12);
        }

        private Cipher cipher(int mode, byte[] nonce, byte[] associatedData) throws GeneralSecurityException {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
            cipher.updateAAD(associatedData);
            return cipher;
        }
    }
}
