package dev.custos.privacy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import dev.custos.privacy.requests.PrivacyRequestReminders;
import dev.custos.support.ApiClient;
import dev.custos.support.CustosIntegrationTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Data-subject requests: deadlines by law, one extension, reminders, overdue flags, identity checks. */
class PrivacyRequestTest extends CustosIntegrationTest {

    @Autowired
    private PrivacyRequestReminders reminders;

    private static JsonNode submit(SignedIn person, String kind, String jurisdiction) {
        var submitted = person.client().post("/api/privacy/requests", Map.of("kind", kind, "jurisdiction",
                jurisdiction, "password", PASSWORD));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
        return submitted.json();
    }

    private static Instant instant(JsonNode node, String field) {
        return Instant.parse(node.path(field).asString());
    }

    @Test
    @Tag("DR-08")
    @DisplayName("each request is due within 30 days, earlier where its law says so: GDPR's month when shorter, "
            + "CCPA's 45 days cut to 30, KVKK 30 days")
    void deadlinesByJurisdiction() {
        SignedIn person = signUp("Deadline Person");
        JsonNode gdpr = submit(person, "access", "GDPR");
        Instant month = instant(gdpr, "receivedAt").atZone(ZoneOffset.UTC).plusMonths(1).toInstant();
        Instant thirtyDays = instant(gdpr, "receivedAt").plus(Duration.ofDays(30));
        assertThat(instant(gdpr, "dueAt")).isEqualTo(month.isBefore(thirtyDays) ? month : thirtyDays);
        JsonNode ccpa = submit(person, "erasure", "CCPA");
        assertThat(Duration.between(instant(ccpa, "receivedAt"), instant(ccpa, "dueAt"))).isEqualTo(Duration.ofDays(30));
        JsonNode kvkk = submit(person, "rectification", "KVKK");
        assertThat(Duration.between(instant(kvkk, "receivedAt"), instant(kvkk, "dueAt"))).isEqualTo(Duration.ofDays(30));
        assertThat(gdpr.path("status").asString()).isEqualTo("received");
        assertThat(gdpr.path("overdue").asBoolean()).isFalse();
        assertThat(gdpr.path("history").path(0).path("note").asString()).contains("confirmed with your password");
        assertThat(person.client().get("/api/privacy/requests").json().size()).isEqualTo(3);
        assertThat(person.client().get("/api/privacy/notices").body()).contains("We received your access request");
    }

    @Test
    @Tag("DR-11")
    @DisplayName("a request is accepted only after the requester re-enters their password; a wrong one stores nothing")
    void identityIsReverified() {
        SignedIn person = signUp("Verify Person");
        var refused = person.client().post("/api/privacy/requests", Map.of("kind", "access", "password", "wrong"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.problemType()).isEqualTo("/problems/wrong-password");
        assertThat(person.client().get("/api/privacy/requests").json().size()).isZero();
        String key = createApiKey(person, createWorkspace(person, "Keys"), "read", "write", "admin");
        assertThat(ApiClient.withApiKey(port, key).post("/api/privacy/requests", Map.of("kind", "access",
                "password", PASSWORD)).status()).isEqualTo(403);
    }

    @Test
    @Tag("DR-08")
    @DisplayName("an administrator extends a request once, with a reason the requester is told, up to 90 days")
    void oneExtension() {
        SignedIn person = signUp("Extended Person");
        SignedIn admin = installationAdmin();
        JsonNode request = submit(person, "portability", "GDPR");
        String base = "/api/admin/privacy/requests/" + request.path("id").asString();
        Instant received = instant(request, "receivedAt");

        var tooLate = admin.client().post(base + "/extension", Map.of("dueAt", received.plus(Duration.ofDays(91))
                .toString(), "reason", "Large account"));
        assertThat(tooLate.problemType()).isEqualTo("/problems/invalid-extension");
        var extended = admin.client().post(base + "/extension", Map.of("dueAt", received.plus(Duration.ofDays(90))
                .toString(), "reason", "Your account holds data in many workspaces."));
        assertThat(extended.status()).as(extended.body()).isEqualTo(200);
        assertThat(instant(extended.json(), "dueAt")).isEqualTo(received.plus(Duration.ofDays(90)));
        assertThat(admin.client().post(base + "/extension", Map.of("dueAt", received.plus(Duration.ofDays(80))
                .toString(), "reason", "again")).problemType()).isEqualTo("/problems/already-extended");
        assertThat(person.client().get("/api/privacy/notices").body())
                .contains("We need more time", "Your account holds data in many workspaces.");

        JsonNode kvkk = submit(person, "access", "KVKK");
        assertThat(admin.client().post("/api/admin/privacy/requests/" + kvkk.path("id").asString() + "/extension",
                Map.of("dueAt", instant(kvkk, "dueAt").plus(Duration.ofDays(5)).toString(), "reason", "busy"))
                .problemType()).isEqualTo("/problems/extension-not-allowed");
    }

    @Test
    @Tag("DR-08")
    @DisplayName("the queue puts the most urgent first, flags overdue requests and reminds administrators once")
    void queueRemindersAndOverdue() {
        SignedIn person = signUp("Queue Person");
        SignedIn admin = installationAdmin();
        UUID late = UUID.fromString(submit(person, "erasure", "GDPR").path("id").asString());
        UUID soon = UUID.fromString(submit(person, "access", "GDPR").path("id").asString());
        asOwner().sql("UPDATE privacy_requests SET due_at = now() - interval '1 day' WHERE request_id = :id")
                .param("id", late).update();
        asOwner().sql("UPDATE privacy_requests SET due_at = now() + interval '3 days' WHERE request_id = :id")
                .param("id", soon).update();

        JsonNode queue = admin.client().get("/api/admin/privacy/requests").json();
        var mine = queue.valueStream().filter(r -> r.path("personId").asString().equals(person.personId().toString()))
                .toList();
        assertThat(mine).extracting(r -> r.path("id").asString()).containsExactly(late.toString(), soon.toString());
        assertThat(mine.get(0).path("overdue").asBoolean()).isTrue();
        assertThat(mine.get(1).path("overdue").asBoolean()).isFalse();
        assertThat(mine.get(1).path("daysLeft").asLong()).isBetween(2L, 3L);

        assertThat(reminders.remindDueSoon()).isGreaterThanOrEqualTo(2);
        assertThat(reminders.remindDueSoon()).as("once per request").isZero();
        String adminNotices = admin.client().get("/api/privacy/notices").body();
        assertThat(adminNotices).contains("Overdue: an erasure request under GDPR (" + late + ")")
                .contains("Due soon: an access request under GDPR (" + soon + ")");

        var completed = admin.client().post("/api/admin/privacy/requests/" + soon + "/status",
                Map.of("status", "completed", "note", "Your export is ready in Settings."));
        assertThat(completed.json().has("closedAt")).isTrue();
        assertThat(completed.json().has("daysLeft")).as("no countdown once closed").isFalse();
        assertThat(admin.client().get("/api/admin/privacy/requests").body()).doesNotContain(soon.toString());
        assertThat(person.client().get("/api/privacy/requests/" + soon).json().path("history").valueStream()
                .map(step -> step.path("note").asString()).toList())
                .contains("Administrators reminded of the deadline.", "Your export is ready in Settings.");
        assertThat(admin.client().post("/api/admin/privacy/requests/" + late + "/status", Map.of("status", "rejected"))
                .problemType()).isEqualTo("/problems/reason-required");
    }

    @Test
    @DisplayName("requests are visible to their subject and administrators only; the queue to administrators only")
    void onlySubjectAndAdmins() {
        SignedIn person = signUp("Private Person");
        SignedIn other = signUp("Other Person");
        String id = submit(person, "access", "GDPR").path("id").asString();
        assertThat(other.client().get("/api/privacy/requests/" + id).status()).isEqualTo(404);
        assertThat(other.client().get("/api/privacy/requests").json().size()).isZero();
        assertThat(other.client().get("/api/admin/privacy/requests").status()).isEqualTo(403);
        assertThat(other.client().post("/api/admin/privacy/requests/" + id + "/status",
                Map.of("status", "completed")).status()).isEqualTo(403);
        assertThat(installationAdmin().client().get("/api/privacy/requests/" + id).status()).isEqualTo(200);

        var onBehalf = installationAdmin().client().post("/api/admin/privacy/requests", Map.of("personId",
                other.personId(), "kind", "objection", "jurisdiction", "GDPR", "verification",
                "signed letter checked against the account email"));
        assertThat(onBehalf.status()).as(onBehalf.body()).isEqualTo(201);
        assertThat(onBehalf.json().path("verification").asString()).isEqualTo("administrator");
        assertThat(other.client().get("/api/privacy/requests").json().size()).isEqualTo(1);
        assertThat(Duration.between(Instant.now(), instant(onBehalf.json(), "dueAt")).toDays())
                .isCloseTo(29L, within(3L));
    }
}
