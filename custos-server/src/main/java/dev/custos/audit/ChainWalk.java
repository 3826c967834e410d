package dev.custos.audit;

import org.jspecify.annotations.Nullable;

/**
 * Walks a chain's entries in order and says whether it holds: every entry in sequence, linked to the one before,
 * its content matching its hash, the last one the recorded head, and nothing lost since the last checkpoint.
 * Remembers the first problem only. Pure: the database and the witness are read by {@link AuditLog#verify}.
 */
final class ChainWalk {
    private final @Nullable ChainCheckpoint checkpoint;
    private @Nullable String hashAtCheckpoint;
    private long checked;
    private String previousHash = AuditEntry.GENESIS;
    private long expectedSeq = 1;
    private @Nullable Long brokenAt;
    private @Nullable String problem;

    ChainWalk(@Nullable ChainCheckpoint checkpoint) {
        this.checkpoint = checkpoint;
    }

    void accept(AuditEntry entry) {
        checked++;
        if (checkpoint != null && entry.seq() == checkpoint.seq()) {
            hashAtCheckpoint = entry.hash();
        }
        if (brokenAt != null) {
            return;
        }
        if (entry.seq() != expectedSeq) {
            fail(expectedSeq, "entry " + expectedSeq + " is missing");
        } else if (!entry.prevHash().equals(previousHash)) {
            fail(entry.seq(), "entry does not link to the one before it");
        } else if (!entry.expectedHash().equals(entry.hash())) {
            fail(entry.seq(), "entry content does not match its hash");
        }
        previousHash = entry.hash();
        expectedSeq = entry.seq() + 1;
    }

    private void fail(long seq, String what) {
        brokenAt = seq;
        problem = what;
    }

    /** The verdict, given the chain's recorded head (its last seq and hash). */
    ChainVerification result(long headSeq, String headHash) {
        if (brokenAt == null && (headSeq != expectedSeq - 1 || !headHash.equals(previousHash))) {
            fail(expectedSeq, "the chain ends before its recorded head (entries removed at the end)");
        }
        if (brokenAt == null && checkpoint != null) {
            long last = expectedSeq - 1;
            if (!checkpoint.authentic()) {
                fail(checkpoint.seq(), "the chain's checkpoint was altered: its seal does not open");
            } else if (checkpoint.seq() > last) {
                fail(last + 1, "entries " + (last + 1) + " to " + checkpoint.seq() + " are missing at the end: "
                        + "the chain was checkpointed at entry " + checkpoint.seq() + " on " + checkpoint.at());
            } else if (!checkpoint.hash().equals(hashAtCheckpoint)) {
                fail(checkpoint.seq(), "entry " + checkpoint.seq() + " differs from its checkpoint");
            }
        }
        return new ChainVerification(brokenAt == null, checked, brokenAt, problem, headHash);
    }
}
