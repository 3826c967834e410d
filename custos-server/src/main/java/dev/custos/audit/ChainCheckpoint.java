package dev.custos.audit;

import java.time.Instant;
import java.util.UUID;

/**
 * A chain's head as it was at a moment: entry {@code seq} had {@code hash}. Kept by a {@link ChainWitness}.
 *
 * @param authentic false when the witness found the checkpoint altered (its seal does not open)
 */
public record ChainCheckpoint(UUID chain, long seq, String hash, Instant at, boolean authentic) {
}
