package dev.custos.keys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.prf.PrfSet;
import dev.custos.platform.PersonId;
import dev.custos.platform.WorkspaceId;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * Seals content at rest with AES-256-GCM under a data key per (workspace, subject): a person's content under
 * theirs, the workspace's own content (agent instructions) under the workspace's. Every ciphertext is bound to
 * where it belongs ({@code context}, e.g. {@code session-event|<id>|<seq>}) as associated data, so a row copied
 * elsewhere does not open. {@link #shred} destroys a person's keys: their content is unreadable at once, in the
 * database and in every backup of it. Installation secrets (a provider's API key) are sealed under the master key.
 */
@Service
public class ContentSeal {

    private static final UUID WORKSPACE_SUBJECT = new UUID(0, 0);
    /** The key store's row for a workspace's index key: the workspace's, not a person's, so erasure spares it. */
    private static final UUID INDEX_SUBJECT = new UUID(0, 1);

    private final KeyWrapping master;
    private final KeyStore store;
    private final Clock clock;
    private final KeysProperties properties;
    private final Map<Subject, Cached> keys = new ConcurrentHashMap<>();
    private final Map<WorkspaceId, PrfSet> indexKeys = new ConcurrentHashMap<>();

    private record Subject(WorkspaceId workspace, UUID id) {
    }

    private record Cached(Aead aead, Instant loadedAt) {
    }

    ContentSeal(MasterKeys masterKeys, KeyStore store, Clock clock, KeysProperties properties) {
        this.master = masterKeys.key();
        this.store = store;
        this.clock = clock;
        this.properties = properties;
    }

    /** Seals the workspace's own content. */
    public byte[] seal(WorkspaceId workspace, String plaintext, String context) {
        return seal(workspace, null, plaintext, context);
    }

    /** Seals content about a person (their messages, files, tool results), or the workspace's when null. */
    public byte[] seal(WorkspaceId workspace, @Nullable PersonId subject, String plaintext, String context) {
        try {
            return key(new Subject(workspace, id(subject)), true)
                    .encrypt(plaintext.getBytes(StandardCharsets.UTF_8), ad(workspace, context));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Sealing failed", e);
        }
    }

    public String open(WorkspaceId workspace, byte[] ciphertext, String context) {
        return open(workspace, null, ciphertext, context);
    }

    /**
     * Opens content sealed for a subject. Content sealed before per-person keys (under the workspace's key) still
     * opens.
     *
     * @throws SealBroken when the ciphertext was altered or moved, or its key is gone (the subject was erased)
     */
    public String open(WorkspaceId workspace, @Nullable PersonId subject, byte[] ciphertext, String context) {
        byte[] ad = ad(workspace, context);
        GeneralSecurityException failure = null;
        for (UUID candidate : subject == null ? new UUID[] {WORKSPACE_SUBJECT}
                : new UUID[] {subject.id(), WORKSPACE_SUBJECT}) {
            Aead key = key(new Subject(workspace, candidate), false);
            if (key == null) {
                continue;
            }
            try {
                return new String(key.decrypt(ciphertext, ad), StandardCharsets.UTF_8);
            } catch (GeneralSecurityException e) {
                failure = e;
            }
        }
        throw new SealBroken(failure);
    }

    /**
     * Crypto-shredding: destroys every key of a person in every workspace. This node forgets them at once, other
     * nodes within {@code custos.keys.cache-ttl}. Nothing is sealed for the person afterwards. Returns how many
     * keys were destroyed.
     */
    public int shred(PersonId person) {
        return shred(person, Set.of());
    }

    /**
     * Crypto-shredding with exceptions: destroys the person's keys in every workspace but those named, where a
     * legal hold needs their content readable until it is released (then {@link #shred(PersonId)} finishes).
     */
    public int shred(PersonId person, Set<WorkspaceId> kept) {
        int destroyed = store.destroy(person.id(), kept.stream().map(WorkspaceId::id)
                .collect(Collectors.toSet()));
        keys.keySet().removeIf(subject -> subject.id().equals(person.id()) && !kept.contains(subject.workspace()));
        return destroyed;
    }

    /**
     * A blind index token for a term of the workspace's searchable content (TN-03): an HMAC-SHA256 under the
     * workspace's own index key, so the same word gives the same token within the workspace, another in every
     * other workspace, and the stored tokens name no word. The key is the workspace's, created on first use.
     */
    public String blindToken(WorkspaceId workspace, String term) {
        try {
            // 72 bits: no two of a workspace's words share a token in practice, and the index stays small.
            byte[] mac = indexKey(workspace).computePrimary(term.getBytes(StandardCharsets.UTF_8), 9);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Index token failed", e);
        }
    }

    private PrfSet indexKey(WorkspaceId workspace) {
        return indexKeys.computeIfAbsent(workspace, ws -> {
            try {
                String stored = store.find(ws.id(), INDEX_SUBJECT).orElse(null);
                if (stored == null) {
                    stored = store.insertIfAbsent(ws.id(), INDEX_SUBJECT,
                            DataKeys.generateIndexKey(master.aead(), ws, INDEX_SUBJECT));
                }
                return DataKeys.openIndexKey(stored, master.aead(), ws, INDEX_SUBJECT);
            } catch (GeneralSecurityException e) {
                throw new SealBroken(e);
            }
        });
    }

    /** Destroys every key of a workspace that is being deleted: nothing sealed in it opens again. */
    public int shredWorkspace(WorkspaceId workspace) {
        int destroyed = store.destroyWorkspace(workspace.id());
        keys.keySet().removeIf(subject -> subject.workspace().equals(workspace));
        indexKeys.remove(workspace);
        return destroyed;
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

    /** The master key, for the other keysets it wraps (the credential vault's). */
    KeyWrapping masterKey() {
        return master;
    }

    private static UUID id(@Nullable PersonId subject) {
        return subject == null ? WORKSPACE_SUBJECT : subject.id();
    }

    private static byte[] ad(WorkspaceId workspace, String context) {
        return (workspace + "|" + context).getBytes(StandardCharsets.UTF_8);
    }

    /** The subject's key, created on first use when sealing; null when opening and there is none. */
    private @Nullable Aead key(Subject subject, boolean create) {
        Cached cached = keys.get(subject);
        Instant now = clock.instant();
        if (cached != null && cached.loadedAt().plus(properties.cacheTtl()).isAfter(now)) {
            return cached.aead();
        }
        String stored = store.find(subject.workspace().id(), subject.id()).orElse(null);
        if (stored == null) {
            if (!create) {
                keys.remove(subject);
                return null;
            }
            try {
                stored = store.insertIfAbsent(subject.workspace().id(), subject.id(),
                        DataKeys.generate(master.aead(), subject.workspace(), subject.id()));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("Key generation failed", e);
            }
        }
        try {
            Aead aead = DataKeys.open(stored, master.aead(), subject.workspace(), subject.id());
            keys.put(subject, new Cached(aead, now));
            return aead;
        } catch (GeneralSecurityException e) {
            throw new SealBroken(e);
        }
    }

    /** A ciphertext that cannot be opened: altered, moved to another place, or its key destroyed. */
    public static final class SealBroken extends RuntimeException {
        SealBroken(@Nullable Throwable cause) {
            super("Sealed content cannot be opened", cause);
        }
    }
}
