package dev.custos.privacy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import dev.custos.analytics.ProductAnalytics;
import dev.custos.support.CustosIntegrationTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** Objections: to legitimate-interest processing, which stops; to automated decisions, which a person reviews. */
class ObjectionTest extends CustosIntegrationTest {

    @Autowired
    private ProductAnalytics analytics;

    private long productEvents(SignedIn person) {
        analytics.flush();
        return asOwner().sql("SELECT count(*) FROM product_events WHERE person_id = :p").param("p", person.personId())
                .query(Long.class).single();
    }

    @Test
    @Tag("DR-06")
    @DisplayName("a person who objects to product analytics is no longer counted, what was counted is deleted, "
            + "everything else keeps working, and withdrawing the objection resumes it")
    void objectionToProductAnalytics() {
        SignedIn objecting = signUp("Objecting Person");
        SignedIn other = signUp("Counted Person");
        UUID mine = createWorkspace(objecting, "Objector's");
        UUID theirs = createWorkspace(other, "Counted's");
        createOfflineAgent(objecting, mine);
        createOfflineAgent(other, theirs);
        assertThat(productEvents(objecting)).isPositive();
        var counted = installationAdmin().client().get("/api/admin/analytics");
        assertThat(counted.status()).as(counted.body()).isEqualTo(200);
        assertThat(counted.json().valueStream().filter(day -> day.path("feature").asString().equals("agents"))
                .mapToLong(day -> day.path("people").asLong()).sum()).isGreaterThanOrEqualTo(2);
        assertThat(objecting.client().get("/api/admin/analytics").status()).isEqualTo(403);

        assertThat(objecting.client().post("/api/privacy/objections", Map.of("purpose", "marketing")).problemType())
                .isEqualTo("/problems/unknown-objection-purpose");
        var objection = objecting.client().post("/api/privacy/objections", Map.of("purpose", "product_analytics"));
        assertThat(objection.status()).as(objection.body()).isEqualTo(201);
        assertThat(objection.text("kind")).isEqualTo("objection");
        assertThat(objection.text("status")).isEqualTo("completed");
        assertThat(asOwner().sql("SELECT count(*) FROM product_events WHERE person_id = :p")
                .param("p", objecting.personId()).query(Long.class).single()).as("deleted at once").isZero();
        assertThat(objecting.client().post("/api/privacy/objections", Map.of("purpose", "product_analytics"))
                .status()).isEqualTo(409);

        // From now on: not counted, and not treated worse: everything still works.
        long otherBefore = productEvents(other);
        runSession(objecting, mine, createOfflineAgent(objecting, mine), "still works");
        createOfflineAgent(other, theirs);
        assertThat(productEvents(objecting)).isZero();
        assertThat(productEvents(other)).isGreaterThan(otherBefore);
        assertThat(objecting.client().get("/api/privacy/objections").json().get(0).path("purpose").asString())
                .isEqualTo("product_analytics");

        assertThat(objecting.client().delete("/api/privacy/objections/product_analytics").status()).isEqualTo(204);
        assertThat(objecting.client().delete("/api/privacy/objections/product_analytics").status()).isEqualTo(404);
        createOfflineAgent(objecting, mine);
        assertThat(productEvents(objecting)).as("counted again once withdrawn").isPositive();
    }

    @Test
    @Tag("DR-10")
    @DisplayName("under KVKK a person objects to a decision made by automated processing alone: it is queued for a "
            + "person's review with the 30-day deadline and no extension, answered by an administrator, and the "
            + "policy states the KVKK rights")
    void objectionToAnAutomatedDecision() {
        SignedIn person = signUp("Contesting Person");
        String contested = "My sign-ins were blocked automatically on 2026-11-20; I want a person to review it.";
        assertThat(person.client().post("/api/privacy/objections", Map.of("purpose", "automated_decisions",
                "jurisdiction", "KVKK")).problemType()).isEqualTo("/problems/decision-required");

        var objection = person.client().post("/api/privacy/objections", Map.of("purpose", "automated_decisions",
                "jurisdiction", "KVKK", "decision", contested));
        assertThat(objection.status()).as(objection.body()).isEqualTo(201);
        assertThat(objection.text("status")).as("a person decides, not Custos").isEqualTo("received");
        assertThat(objection.text("jurisdiction")).isEqualTo("KVKK");
        assertThat(Duration.between(Instant.parse(objection.text("receivedAt")), Instant.parse(objection.text("dueAt"))))
                .isEqualTo(Duration.ofDays(30));
        String id = objection.text("id");
        assertThat(objection.json().path("history").get(0).path("note").asString()).contains(contested);

        SignedIn admin = installationAdmin();
        assertThat(admin.client().get("/api/admin/privacy/requests").json().valueStream()
                .anyMatch(request -> request.path("id").asString().equals(id))).isTrue();
        var extension = admin.client().post("/api/admin/privacy/requests/" + id + "/extension", Map.of(
                "dueAt", Instant.parse(objection.text("receivedAt")).plus(Duration.ofDays(60)).toString(),
                "reason", "complex"));
        assertThat(extension.problemType()).isEqualTo("/problems/extension-not-allowed");

        var answered = admin.client().post("/api/admin/privacy/requests/" + id + "/status", Map.of("status",
                "completed", "note", "Reviewed by a person: the block was lifted and will not recur."));
        assertThat(answered.status()).as(answered.body()).isEqualTo(200);
        var seen = person.client().get("/api/privacy/requests/" + id);
        assertThat(seen.text("status")).isEqualTo("completed");
        assertThat(seen.body()).contains("Reviewed by a person");

        String policy = anonymous().get("/privacy.md").body();
        assertThat(policy).contains("KVKK Art. 11", "automated processing alone", "KVKK 30 days");
    }
}
