package dev.custos.audit;

import java.util.Optional;
import java.util.UUID;

/**
 * Somewhere out of the main database's reach that keeps checkpoints of the audit chains' heads, so that entries
 * removed from the end of a chain (and its head row with them) still show: the key store keeps sealed ones, and
 * the operator's log gets a line for each.
 */
public interface ChainWitness {

    /** Keeps a checkpoint; one older than the checkpoint kept for the chain changes nothing. */
    void checkpoint(ChainCheckpoint checkpoint);

    /** The newest checkpoint of a chain, if this witness keeps any it can read back. */
    Optional<ChainCheckpoint> latest(UUID chain);
}
