package dev.custos.audit;

import org.jspecify.annotations.Nullable;

/**
 * The result of re-hashing a chain from its first entry.
 *
 * @param intact         every link matches and the chain ends where its head says
 * @param entriesChecked how many entries were re-hashed
 * @param firstBrokenSeq the first entry whose hash, link or position is wrong
 * @param problem        what is wrong with it, in words
 * @param headHash       the hash of the last entry, to anchor elsewhere
 */
public record ChainVerification(
        boolean intact,
        long entriesChecked,
        @Nullable Long firstBrokenSeq,
        @Nullable String problem,
        String headHash) {
}
