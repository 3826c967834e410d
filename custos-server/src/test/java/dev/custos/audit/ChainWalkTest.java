package dev.custos.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Tamper evidence without a database: every way a chain can be altered is told apart from an intact one. */
class ChainWalkTest {

    private static final UUID CHAIN = UUID.randomUUID();
    private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");

    /** An intact chain of n entries, as {@link AuditLog} writes them. */
    private static List<AuditEntry> chain(int n) {
        List<AuditEntry> entries = new ArrayList<>();
        String previous = AuditEntry.GENESIS;
        for (int seq = 1; seq <= n; seq++) {
            AuditEntry unsigned = new AuditEntry(CHAIN, seq, AT.plusSeconds(seq), "person", UUID.randomUUID(),
                    "session.read", "session:" + seq, "success", "{\"n\":" + seq + "}", previous, "");
            AuditEntry entry = with(unsigned, unsigned.expectedHash());
            entries.add(entry);
            previous = entry.hash();
        }
        return entries;
    }

    private static AuditEntry with(AuditEntry entry, String hash) {
        return new AuditEntry(entry.workspaceId(), entry.seq(), entry.occurredAt(), entry.actorKind(),
                entry.actorId(), entry.action(), entry.target(), entry.outcome(), entry.details(), entry.prevHash(),
                hash);
    }

    private static ChainVerification walk(List<AuditEntry> entries, long headSeq, String headHash,
                                          ChainCheckpoint checkpoint) {
        ChainWalk walk = new ChainWalk(checkpoint);
        entries.forEach(walk::accept);
        return walk.result(headSeq, headHash);
    }

    private static ChainVerification walk(List<AuditEntry> entries) {
        AuditEntry last = entries.getLast();
        return walk(entries, last.seq(), last.hash(), null);
    }

    @Test
    @Tag("SC-04")
    @DisplayName("an intact chain holds, every entry checked, and an empty chain at its genesis head holds")
    void intact() {
        List<AuditEntry> entries = chain(5);
        ChainVerification verdict = walk(entries);
        assertThat(verdict.intact()).isTrue();
        assertThat(verdict.entriesChecked()).isEqualTo(5);
        assertThat(verdict.firstBrokenSeq()).isNull();
        assertThat(new ChainWalk(null).result(0, AuditEntry.GENESIS).intact()).isTrue();
    }

    @Test
    @Tag("SC-04")
    @DisplayName("a rewritten entry, a removed one, a broken link or a reordering is found at the first entry it "
            + "touches")
    void alterations() {
        List<AuditEntry> rewritten = chain(5);
        AuditEntry third = rewritten.get(2);
        rewritten.set(2, new AuditEntry(third.workspaceId(), third.seq(), third.occurredAt(), third.actorKind(),
                third.actorId(), "session.deleted", third.target(), third.outcome(), third.details(),
                third.prevHash(), third.hash()));
        assertThat(walk(rewritten)).extracting(ChainVerification::intact, ChainVerification::firstBrokenSeq)
                .containsExactly(false, 3L);

        List<AuditEntry> removed = chain(5);
        removed.remove(1);
        assertThat(walk(removed).firstBrokenSeq()).isEqualTo(2L);
        assertThat(walk(removed).problem()).contains("missing");

        List<AuditEntry> relinked = chain(5);
        AuditEntry fourth = relinked.get(3);
        AuditEntry forged = new AuditEntry(fourth.workspaceId(), 4, fourth.occurredAt(), fourth.actorKind(),
                fourth.actorId(), fourth.action(), fourth.target(), fourth.outcome(), fourth.details(),
                AuditEntry.GENESIS, "");
        relinked.set(3, with(forged, forged.expectedHash()));
        assertThat(walk(relinked).firstBrokenSeq()).isEqualTo(4L);
        assertThat(walk(relinked).problem()).contains("link");
    }

    @Test
    @Tag("SC-04")
    @DisplayName("entries removed from the end show against the recorded head, and against a checkpoint when the "
            + "head was rewound with them")
    void lossAtTheEnd() {
        List<AuditEntry> entries = chain(5);
        AuditEntry last = entries.getLast();
        List<AuditEntry> cut = entries.subList(0, 3);
        assertThat(walk(cut, last.seq(), last.hash(), null).intact()).as("the head still names entry 5").isFalse();

        AuditEntry third = entries.get(2);
        ChainCheckpoint atFive = new ChainCheckpoint(CHAIN, 5, last.hash(), AT, true);
        ChainVerification rewound = walk(cut, third.seq(), third.hash(), atFive);
        assertThat(rewound.intact()).isFalse();
        assertThat(rewound.firstBrokenSeq()).isEqualTo(4L);
        assertThat(rewound.problem()).contains("entries 4 to 5 are missing at the end");
        assertThat(walk(entries, last.seq(), last.hash(), atFive).intact()).as("nothing lost").isTrue();
    }

    @Test
    @Tag("SC-04")
    @DisplayName("an entry that differs from its checkpoint, or a checkpoint whose seal does not open, breaks it")
    void checkpoints() {
        List<AuditEntry> entries = chain(5);
        AuditEntry last = entries.getLast();
        ChainCheckpoint wrongHash = new ChainCheckpoint(CHAIN, 2, entries.get(3).hash(), AT, true);
        assertThat(walk(entries, last.seq(), last.hash(), wrongHash).firstBrokenSeq()).isEqualTo(2L);
        ChainCheckpoint altered = new ChainCheckpoint(CHAIN, 2, entries.get(1).hash(), AT, false);
        assertThat(walk(entries, last.seq(), last.hash(), altered).problem()).contains("altered");
        ChainCheckpoint right = new ChainCheckpoint(CHAIN, 2, entries.get(1).hash(), AT, true);
        assertThat(walk(entries, last.seq(), last.hash(), right).intact()).isTrue();
    }

    @Test
    @Tag("SC-04")
    @DisplayName("the hash covers every field and the link: changing any one changes it")
    void hashCoversEveryField() {
        AuditEntry entry = chain(1).getFirst();
        String hash = entry.expectedHash();
        List<AuditEntry> changed = List.of(
                new AuditEntry(UUID.randomUUID(), 1, entry.occurredAt(), "person", entry.actorId(), entry.action(),
                        entry.target(), "success", entry.details(), entry.prevHash(), ""),
                new AuditEntry(CHAIN, 2, entry.occurredAt(), "person", entry.actorId(), entry.action(),
                        entry.target(), "success", entry.details(), entry.prevHash(), ""),
                new AuditEntry(CHAIN, 1, entry.occurredAt().plusMillis(1), "person", entry.actorId(), entry.action(),
                        entry.target(), "success", entry.details(), entry.prevHash(), ""),
                new AuditEntry(CHAIN, 1, entry.occurredAt(), "system", entry.actorId(), entry.action(),
                        entry.target(), "success", entry.details(), entry.prevHash(), ""),
                new AuditEntry(CHAIN, 1, entry.occurredAt(), "person", null, entry.action(),
                        entry.target(), "success", entry.details(), entry.prevHash(), ""),
                new AuditEntry(CHAIN, 1, entry.occurredAt(), "person", entry.actorId(), "other",
                        entry.target(), "success", entry.details(), entry.prevHash(), ""),
                new AuditEntry(CHAIN, 1, entry.occurredAt(), "person", entry.actorId(), entry.action(),
                        null, "success", entry.details(), entry.prevHash(), ""),
                new AuditEntry(CHAIN, 1, entry.occurredAt(), "person", entry.actorId(), entry.action(),
                        entry.target(), "denied", entry.details(), entry.prevHash(), ""),
                new AuditEntry(CHAIN, 1, entry.occurredAt(), "person", entry.actorId(), entry.action(),
                        entry.target(), "success", "{}", entry.prevHash(), ""),
                new AuditEntry(CHAIN, 1, entry.occurredAt(), "person", entry.actorId(), entry.action(),
                        entry.target(), "success", entry.details(), "f".repeat(64), ""));
        assertThat(changed).allSatisfy(other -> assertThat(other.expectedHash()).isNotEqualTo(hash));
        assertThat(hash).hasSize(64).matches("[0-9a-f]+");
    }

    @Test
    @Tag("SC-04")
    @DisplayName("the hash of an entry is pinned: a change to how entries are hashed would break every stored chain")
    void hashIsPinned() {
        AuditEntry entry = new AuditEntry(UUID.fromString("00000000-0000-0000-0000-000000000001"), 7,
                Instant.parse("2026-01-02T03:04:05.678Z"), "person", null, "auth.sign_in", null, "failure",
                "{\"method\":\"password\"}", AuditEntry.GENESIS, "");
        assertThat(entry.canonical()).isEqualTo("7\n00000000-0000-0000-0000-000000000001\n2026-01-02T03:04:05.678Z\n"
                + "person\n\nauth.sign_in\n\nfailure\n{\"method\":\"password\"}");
        assertThat(entry.expectedHash()).isEqualTo(dev.custos.platform.Secrets.sha256(AuditEntry.GENESIS + "\n"
                + entry.canonical()));
    }
}
