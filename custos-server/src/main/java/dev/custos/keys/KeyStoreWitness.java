package dev.custos.keys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;

import dev.custos.audit.ChainCheckpoint;
import dev.custos.audit.ChainWitness;
import org.springframework.stereotype.Component;

/**
 * Keeps audit chain checkpoints in the key store, sealed by the master key: someone who can change the main
 * database (or even the key store) can remove entries from a chain, but cannot make a checkpoint that agrees.
 */
@Component
class KeyStoreWitness implements ChainWitness {

    private final KeyStore store;
    private final KeyWrapping wrapping;

    KeyStoreWitness(KeyStore store, ContentSeal seal) {
        this.store = store;
        this.wrapping = seal.masterKey();
    }

    @Override
    public void checkpoint(ChainCheckpoint checkpoint) {
        try {
            byte[] seal = wrapping.aead().encrypt(statement(checkpoint), associated(checkpoint.chain()));
            store.keepCheckpoint(checkpoint.chain(), checkpoint.seq(), checkpoint.hash(), checkpoint.at(), seal);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not seal an audit checkpoint", e);
        }
    }

    @Override
    public Optional<ChainCheckpoint> latest(UUID chain) {
        return store.checkpoint(chain).map(kept -> {
            var checkpoint = new ChainCheckpoint(chain, kept.seq(), kept.hash(), kept.at(), true);
            try {
                byte[] opened = wrapping.aead().decrypt(kept.seal(), associated(chain));
                return Arrays.equals(opened, statement(checkpoint)) ? checkpoint
                        : new ChainCheckpoint(chain, kept.seq(), kept.hash(), kept.at(), false);
            } catch (GeneralSecurityException e) {
                return new ChainCheckpoint(chain, kept.seq(), kept.hash(), kept.at(), false);
            }
        });
    }

    private static byte[] statement(ChainCheckpoint checkpoint) {
        return ("audit-checkpoint:" + checkpoint.chain() + ":" + checkpoint.seq() + ":" + checkpoint.hash())
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] associated(UUID chain) {
        return ("audit-checkpoint:" + chain).getBytes(StandardCharsets.UTF_8);
    }
}
