package dev.custos.keys;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import dev.custos.platform.WorkspaceId;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * A workspace's keys and secrets leaving this installation for another region's, or arriving from one, as part of
 * moving the workspace. Each keyset (its people's data keys, its own, its index key) is taken out of this master
 * key's wrapping and put under a transfer key, bound to its workspace and subject as before; each vault secret is
 * sealed under it instead of the vault's keys. The receiving installation puts them under its own master key and
 * vault. No key or secret is in the clear outside memory, and the transfer key opens nothing else.
 */
@Component
public class WorkspaceKeyTransfer {

    /** What travels: keysets by subject, and the vault's secrets. */
    record Moved(Map<UUID, String> keys, List<CredentialVault.Moving> secrets) {
    }

    /** What the receiving installation kept: keys (an erased person's never come back) and secrets. */
    public record Accepted(int keys, int secrets) {
    }

    private final KeyStore store;
    private final KeyWrapping master;
    private final CredentialVault vault;
    private final JsonMapper json;

    WorkspaceKeyTransfer(KeyStore store, MasterKeys masterKeys, CredentialVault vault, JsonMapper json) {
        this.store = store;
        this.master = masterKeys.key();
        this.vault = vault;
        this.json = json;
    }

    /** A fresh transfer key. */
    public static byte[] newTransferKey() {
        return TransferKey.random();
    }

    /** A stream sealing what is written to it under the transfer key into {@code out}; closing it completes it. */
    public static OutputStream sealing(OutputStream out, byte[] transferKey) throws IOException {
        return new TransferKey(transferKey).sealing(out);
    }

    /** What {@link #sealing} wrote, opened; reading fails if a byte was changed or the key is another. */
    public static InputStream opening(InputStream in, byte[] transferKey) throws IOException {
        return new TransferKey(transferKey).opening(in);
    }

    /** The workspace's keys and secrets, under the transfer key instead of this installation's. */
    public byte[] export(WorkspaceId workspace, byte[] transferKey) {
        TransferKey transfer = new TransferKey(transferKey);
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
        return json.writeValueAsBytes(new Moved(moved, vault.sealedFor(workspace, transfer)));
    }

    /**
     * Keeps the keys and secrets another installation exported for this workspace, under this installation's
     * master key and vault; refused whole ({@link IllegalArgumentException}) when any does not open with the
     * transfer key. The secrets join the caller's transaction; the keys go to the key store at once (kept twice,
     * a key is kept once).
     */
    public Accepted accept(WorkspaceId workspace, byte[] exported, byte[] transferKey) {
        TransferKey transfer = new TransferKey(transferKey);
        Moved moved;
        try {
            moved = json.readValue(exported, Moved.class);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("The workspace's keys are not in the form an installation exports.");
        }
        Map<UUID, String> wrapped = new LinkedHashMap<>();
        moved.keys().forEach((subject, key) -> {
            try {
                byte[] bound = DataKeys.boundTo(workspace, subject);
                KeysetHandle keyset = TinkJsonProtoKeysetFormat.parseEncryptedKeyset(key, transfer, bound);
                wrapped.put(subject, TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(keyset, master.aead(), bound));
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException("The keys do not open with this transfer key, or were not "
                        + "exported for this workspace.");
            }
        });
        moved.secrets().forEach(secret -> vault.arrived(workspace, transfer, secret));
        int kept = 0;
        for (var key : wrapped.entrySet()) {
            if (!store.shredded(key.getKey())) { // an erased person's key is never brought back
                store.insertIfAbsent(workspace.id(), key.getKey(), key.getValue());
                kept++;
            }
        }
        return new Accepted(kept, moved.secrets().size());
    }
}
