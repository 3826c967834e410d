package dev.custos.privacy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.custos.support.CustosIntegrationTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class BreachTest extends CustosIntegrationTest {

    @Test
    @Tag("SC-06")
    @DisplayName("a breach is recorded with whom it affects and the authority's 72-hour clock, flagged when late, "
            + "and telling the affected people is one action")
    void register() {
        SignedIn affected = signUp("Affected Person");
        SignedIn bystander = signUp("Bystander");
        SignedIn admin = installationAdmin();
        Instant detected = Instant.now().minus(Duration.ofHours(80));
        var recorded = admin.client().post("/api/admin/breaches", Map.of("detectedAt", detected.toString(),
                "description", "A backup copy was readable on a misconfigured share for two hours.",
                "categories", List.of("user.contact.email"), "highRisk", true,
                "affected", List.of(affected.personId())));
        assertThat(recorded.status()).as(recorded.body()).isEqualTo(201);
        JsonNode breach = recorded.json();
        assertThat(Duration.between(Instant.parse(breach.path("detectedAt").asString()),
                Instant.parse(breach.path("authorityDueAt").asString()))).isEqualTo(Duration.ofHours(72));
        assertThat(breach.path("authorityOverdue").asBoolean()).isTrue();
        assertThat(breach.path("affected").asInt()).isEqualTo(1);
        String base = "/api/admin/breaches/" + breach.path("id").asString();

        var told = admin.client().post(base + "/notify-people", Map.of("message",
                "A copy of your email address may have been seen. Nothing else was exposed; no action is needed."));
        assertThat(told.json().has("peopleNotifiedAt")).isTrue();
        assertThat(affected.client().get("/api/privacy/notices").body()).contains("may have been seen");
        assertThat(bystander.client().get("/api/privacy/notices").body()).doesNotContain("may have been seen");
        assertThat(admin.client().post(base + "/notify-people", Map.of("message", "again")).problemType())
                .isEqualTo("/problems/already-notified");

        var notified = admin.client().post(base + "/authority-notified", null).json();
        assertThat(notified.path("authorityOverdue").asBoolean()).isFalse();
        assertThat(notified.has("hoursLeft")).isFalse();
        assertThat(bystander.client().get("/api/admin/breaches").status()).isEqualTo(403);
        assertThat(admin.client().post("/api/admin/breaches", Map.of("detectedAt",
                Instant.now().plus(Duration.ofDays(1)).toString(), "description", "x", "highRisk", false))
                .problemType()).isEqualTo("/problems/detected-in-future");
    }

    @Test
    @Tag("SC-06")
    @DisplayName("the authority's clock runs 72 hours from detection: at 70 hours a breach is due in about two, at "
            + "73 it is overdue")
    void seventyTwoHourClock() {
        SignedIn admin = installationAdmin();
        JsonNode early = recordBreach(admin, Duration.ofHours(70));
        assertThat(early.path("authorityOverdue").asBoolean()).as("70 hours after detection").isFalse();
        assertThat(early.path("hoursLeft").asLong()).isBetween(1L, 2L);
        JsonNode late = recordBreach(admin, Duration.ofHours(73));
        assertThat(late.path("authorityOverdue").asBoolean()).as("73 hours after detection").isTrue();
        assertThat(admin.client().get("/api/admin/breaches").json().valueStream()
                .filter(breach -> breach.path("id").asString().equals(early.path("id").asString())).findFirst()
                .orElseThrow().path("authorityOverdue").asBoolean()).as("as the register lists it").isFalse();
    }

    private static JsonNode recordBreach(SignedIn admin, Duration sinceDetection) {
        var recorded = admin.client().post("/api/admin/breaches", Map.of("detectedAt",
                Instant.now().minus(sinceDetection).toString(), "description", "A laptop was lost.",
                "categories", List.of("user.contact.email"), "highRisk", false, "affected", List.of()));
        assertThat(recorded.status()).as(recorded.body()).isEqualTo(201);
        return recorded.json();
    }
}
