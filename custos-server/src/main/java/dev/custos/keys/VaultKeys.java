package dev.custos.keys;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import dev.custos.keys.KeyStore.StoredVaultKeyset;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The vault keyset: versions of an AES-256-GCM key, kept in the key store encrypted by the master key. New secrets
 * are sealed under the primary version; a ciphertext names its version in Tink's five-byte prefix, so any version
 * still in the keyset opens what it sealed. Each node keeps the keyset for {@code custos.keys.cache-ttl} and reads
 * it again when a ciphertext names a version it does not know (another node rotated).
 */
@Component
class VaultKeys {

    private static final byte[] KEYSET_AD = "vault-keyset".getBytes(StandardCharsets.UTF_8);

    private record Loaded(StoredVaultKeyset stored, KeysetHandle handle, Aead aead, Instant loadedAt) {
    }

    private final KeyStore store;
    private final ContentSeal seal;
    private final KeysProperties properties;
    private final Clock clock;
    private volatile @Nullable Loaded loaded;

    VaultKeys(KeyStore store, ContentSeal seal, KeysProperties properties, Clock clock) {
        this.store = store;
        this.seal = seal;
        this.properties = properties;
        this.clock = clock;
    }

    /** The keyset's primitive, as recently read. */
    Aead aead() {
        return current(false).aead();
    }

    /** The primitive after reading the keyset again: for a ciphertext under a version this node has not seen. */
    Aead freshAead() {
        return current(true).aead();
    }

    long primaryKeyId() {
        return current(false).stored().primaryKeyId();
    }

    /** The keyset as stored now (not cached): its primary version, since when, and every version in it. */
    Versions versions() {
        Loaded now = current(true);
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < now.handle().size(); i++) {
            ids.add(Integer.toUnsignedLong(now.handle().getAt(i).getId()));
        }
        return new Versions(now.stored().primaryKeyId(), now.stored().primarySince(), List.copyOf(ids));
    }

    record Versions(long primaryKeyId, Instant primarySince, List<Long> all) {
    }

    /** Adds a new version and makes it primary; the older ones keep opening what they sealed. Returns its id. */
    long addPrimary() {
        while (true) {
            Loaded now = current(true);
            try {
                KeysetHandle.Builder builder = KeysetHandle.newBuilder(now.handle());
                builder.addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
                        .withRandomId().makePrimary());
                KeysetHandle rotated = builder.build();
                if (store.replaceVaultKeyset(now.stored(), stored(rotated))) {
                    current(true);
                    return Integer.toUnsignedLong(rotated.getPrimary().getId());
                }
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("The vault keyset could not be rotated", e);
            }
        }
    }

    /**
     * Destroys these versions (never the primary): whatever they sealed can no longer be opened, here or in any
     * copy of the main database. Returns the ids destroyed.
     */
    Set<Long> destroy(Set<Long> keyIds) {
        while (true) {
            Loaded now = current(true);
            try {
                KeysetHandle.Builder builder = KeysetHandle.newBuilder(now.handle());
                Set<Long> destroyed = new TreeSet<>();
                // The builder lists the handle's entries in the same order; from the end, deleting keeps indices.
                for (int i = builder.size() - 1; i >= 0; i--) {
                    long id = Integer.toUnsignedLong(now.handle().getAt(i).getId());
                    if (keyIds.contains(id) && !now.handle().getAt(i).isPrimary()) {
                        builder.deleteAt(i);
                        destroyed.add(id);
                    }
                }
                if (destroyed.isEmpty()) {
                    return destroyed;
                }
                if (store.replaceVaultKeyset(now.stored(), stored(builder.build(), now.stored().primarySince()))) {
                    current(true);
                    return destroyed;
                }
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("Vault key versions could not be destroyed", e);
            }
        }
    }

    /** The version a ciphertext was sealed under, from Tink's prefix (a version byte, then the key id). */
    static long keyIdOf(byte[] ciphertext) {
        if (ciphertext.length < 5) {
            throw new ContentSeal.SealBroken(null);
        }
        return Integer.toUnsignedLong(ByteBuffer.wrap(ciphertext, 1, 4).getInt());
    }

    private Loaded current(boolean fresh) {
        Loaded known = loaded;
        Instant now = clock.instant();
        if (!fresh && known != null && known.loadedAt().plus(properties.cacheTtl()).isAfter(now)) {
            return known;
        }
        StoredVaultKeyset stored = store.vaultKeyset().orElseGet(this::create);
        if (known != null && known.stored().keyset().equals(stored.keyset())) {
            Loaded same = new Loaded(known.stored(), known.handle(), known.aead(), now);
            loaded = same;
            return same;
        }
        try {
            KeysetHandle handle = TinkJsonProtoKeysetFormat.parseEncryptedKeyset(stored.keyset(),
                    seal.masterKey().aead(), KEYSET_AD);
            Loaded read = new Loaded(stored, handle, handle.getPrimitive(RegistryConfiguration.get(), Aead.class), now);
            loaded = read;
            return read;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The vault keyset cannot be opened with this master key", e);
        }
    }

    private StoredVaultKeyset create() {
        try {
            return store.insertVaultKeysetIfAbsent(
                    stored(KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The vault keyset could not be created", e);
        }
    }

    private StoredVaultKeyset stored(KeysetHandle handle) throws GeneralSecurityException {
        return stored(handle, clock.instant());
    }

    private StoredVaultKeyset stored(KeysetHandle handle, Instant primarySince) throws GeneralSecurityException {
        for (int i = 0; i < handle.size(); i++) {
            if (handle.getAt(i).getStatus() != KeyStatus.ENABLED) {
                throw new GeneralSecurityException("every vault key version is either enabled or gone");
            }
        }
        return new StoredVaultKeyset(
                TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(handle, seal.masterKey().aead(), KEYSET_AD),
                Integer.toUnsignedLong(handle.getPrimary().getId()), primarySince);
    }
}
