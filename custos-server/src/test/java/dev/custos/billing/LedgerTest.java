package dev.custos.billing;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import dev.custos.platform.PersonId;
import dev.custos.platform.WorkspaceId;
import dev.custos.support.CustosIntegrationTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The billing ledger: recorded once, shown to those who manage the workspace, kept seven years and no longer. */
class LedgerTest extends CustosIntegrationTest {

    @Autowired
    private Ledger ledger;

    private static Ledger.Entry charge(String reference, PersonId payer, Instant at) {
        return new Ledger.Entry(Ledger.Kind.CHARGE, 4900, "EUR", "stripe", reference, payer,
                "Team plan, one month", at);
    }

    private long transactions(UUID workspace) {
        return asOwner().sql("SELECT count(*) FROM billing_transactions WHERE workspace_id = :w")
                .param("w", workspace).query(Long.class).single();
    }

    @Test
    @Tag("RT-02")
    @DisplayName("transaction records are kept seven years, then deleted by the retention job, and the purge is "
            + "recorded; they outlive the workspace and the payer's account, without the payer's id")
    void keptSevenYears() {
        SignedIn payer = signUp("Paying Owner");
        UUID workspace = createWorkspace(payer, "Paid workspace");
        PersonId person = new PersonId(payer.personId());
        Instant now = Instant.now();
        ledger.record(new WorkspaceId(workspace), charge("in_recent", person, now.atZone(ZoneOffset.UTC)
                .minusYears(6).toInstant()));
        ledger.record(new WorkspaceId(workspace), charge("in_expired", person, now.atZone(ZoneOffset.UTC)
                .minusYears(7).minusDays(1).toInstant()));
        assertThat(transactions(workspace)).isEqualTo(2);

        // The payer erases their account; their workspace (theirs alone) goes, its ledger stays.
        var erasure = payer.client().post("/api/privacy/erasure", Map.of("password", PASSWORD));
        assertThat(erasure.status()).as(erasure.body()).isEqualTo(202);
        await().until(() -> asOwner().sql("SELECT count(*) FROM workspaces WHERE workspace_id = :w")
                .param("w", workspace).query(Long.class).single() == 0
                && asOwner().sql("SELECT count(*) FROM billing_transactions WHERE payer_person_id = :p")
                .param("p", payer.personId()).query(Long.class).single() == 0);
        assertThat(transactions(workspace)).as("kept: the law requires it").isEqualTo(2);

        assertThat(installationAdmin().client().post("/api/admin/retention/run", null).status()).isEqualTo(200);

        assertThat(asOwner().sql("SELECT processor_reference FROM billing_transactions WHERE workspace_id = :w")
                .param("w", workspace).query(String.class).list()).containsExactly("in_recent");
        assertThat(asOwner().sql("""
                        SELECT rows_deleted FROM retention_purges
                        WHERE table_name = 'billing_transactions' AND purged_workspace_id = :w""")
                .param("w", workspace).query(Integer.class).list()).containsExactly(1);
    }

    @Test
    @DisplayName("a replayed report records nothing twice; owners and admins see the ledger, members and other "
            + "workspaces do not; bad entries are refused")
    void recordedOnceAndScoped() {
        SignedIn owner = signUp("Ledger Owner");
        UUID workspace = createWorkspace(owner, "Ledger");
        PersonId person = new PersonId(owner.personId());
        UUID first = ledger.record(new WorkspaceId(workspace), charge("in_1", person, Instant.now()));
        UUID again = ledger.record(new WorkspaceId(workspace), charge("in_1", person, Instant.now()));
        assertThat(again).isEqualTo(first);

        var listed = owner.client().get("/api/workspaces/" + workspace + "/billing/transactions");
        assertThat(listed.status()).as(listed.body()).isEqualTo(200);
        assertThat(listed.json().size()).isEqualTo(1);
        assertThat(listed.json().get(0).path("amountMinor").asLong()).isEqualTo(4900);
        assertThat(listed.json().get(0).path("currency").asString()).isEqualTo("EUR");

        SignedIn member = addMember(owner, workspace, "member", "Ledger Member");
        assertThat(member.client().get("/api/workspaces/" + workspace + "/billing/transactions").status())
                .isEqualTo(403);
        SignedIn stranger = signUp("Ledger Stranger");
        UUID theirs = createWorkspace(stranger, "Theirs");
        assertThat(stranger.client().get("/api/workspaces/" + workspace + "/billing/transactions").status())
                .isEqualTo(404);
        assertThat(stranger.client().get("/api/workspaces/" + theirs + "/billing/transactions").json().size())
                .as("nothing of the other workspace").isZero();

        assertThatThrownBy(() -> new Ledger.Entry(Ledger.Kind.CHARGE, 100, "euro", "stripe", "in_2", null, "x",
                Instant.now())).hasMessageContaining("ISO 4217");
        assertThatThrownBy(() -> new Ledger.Entry(Ledger.Kind.REFUND, -1, "EUR", "stripe", "re_1", null, "x",
                Instant.now())).hasMessageContaining("negative");
    }
}
