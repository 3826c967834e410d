package dev.custos.privacy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import dev.custos.privacy.governance.DataProcessing;
import dev.custos.privacy.requests.EndUserRequestReminders;
import dev.custos.privacy.requests.PublicRequestThrottle;
import dev.custos.support.ApiClient;
import dev.custos.support.CustosIntegrationTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class EndUserRequestsTest extends CustosIntegrationTest {

    @Autowired
    EndUserRequestReminders reminders;

    private static String email(String who) {
        return who + "." + UUID.randomUUID().toString().substring(0, 8) + "@example.net";
    }

    /** Makes and confirms a request on the form; returns the requester's address. */
    private String requestAndConfirm(String formCode, String kind, String law) {
        String email = email("requester");
        var made = anonymous().post("/api/privacy/end-user-requests", Map.of("form", formCode, "kind", kind,
                "jurisdiction", law, "email", email));
        assertThat(made.status()).as(made.body()).isEqualTo(202);
        var confirmed = anonymous().post("/api/privacy/end-user-requests/confirmation",
                Map.of("code", mailedCode(email)));
        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
        return email;
    }

    private static JsonNode find(JsonNode requests, String email) {
        return requests.valueStream().filter(r -> r.path("requester").path("email").asString().equals(email))
                .findFirst().orElseThrow(() -> new AssertionError("no request from " + email + " in " + requests));
    }

    @Test
    @Tag("DR-12")
    @Tag("DR-08")
    @DisplayName("a request about a workspace not in processor mode reaches the administrators, who answer it from "
            + "their own list; the requester is told the outcome, and the workspace's owner never sees it")
    void theOperatorAnswersWhatNoControllerClaims() {
        SignedIn admin = installationAdmin();
        SignedIn owner = signUp("Plain Owner");
        UUID workspace = createWorkspace(owner, "Plain Shop");
        String email = requestAndConfirm(publishRequestForm(owner, workspace), "access", "CCPA");

        JsonNode request = find(admin.client().get("/api/admin/end-user-requests").json(), email);
        assertThat(request.path("organisation").asString()).isEqualTo("Plain Shop");
        assertThat(request.path("jurisdiction").asString()).isEqualTo("CCPA");
        assertThat(Duration.between(Instant.parse(request.path("receivedAt").asString()),
                Instant.parse(request.path("dueAt").asString()))).as("30 days, though the CCPA allows 45")
                .isEqualTo(Duration.ofDays(30));
        assertThat(owner.client().get("/api/workspaces/" + workspace + "/end-user-requests").body())
                .doesNotContain(email);
        assertThat(owner.client().get("/api/admin/end-user-requests").status()).isEqualTo(403);

        String instruct = "/api/admin/end-user-requests/" + workspace + "/" + request.path("id").asString()
                + "/instruction";
        assertThat(owner.client().post(instruct, Map.of("decision", "fulfil", "note", "x")).status())
                .as("an owner cannot answer for the operator").isEqualTo(403);
        assertThat(owner.client().post("/api/workspaces/" + workspace + "/end-user-requests/"
                        + request.path("id").asString() + "/instruction", Map.of("decision", "fulfil", "note", "x"))
                .problemType()).as("nor through the workspace's own door").isEqualTo("/problems/no-request-awaiting");
        var answered = admin.client().post(instruct, Map.of("decision", "fulfil", "note",
                "We sent you a copy of what Plain Shop holds."));
        assertThat(answered.status()).as(answered.body()).isEqualTo(204);
        assertThat(lastMail(email, "was answered")).contains("The operator of this service")
                .contains("They carried it out.").contains("We sent you a copy of what Plain Shop holds.");
        JsonNode done = find(admin.client().get("/api/admin/end-user-requests").json(), email);
        assertThat(done.path("status").asString()).isEqualTo("fulfilled");
        assertThat(done.path("requesterToldAt").isNull()).isFalse();
    }

    @Test
    @Tag("DR-12")
    @DisplayName("a public form is reached by its short code only; replacing the link retires the old one, and only "
            + "the workspace's owner publishes or reads it")
    void theFormIsReachedByItsCurrentCodeOnly() {
        SignedIn owner = signUp("Form Owner");
        UUID workspace = createWorkspace(owner, "Form Shop");
        SignedIn admin = addMember(owner, workspace, "admin", "Form Admin");
        SignedIn outsider = signUp("Form Outsider");
        String form = "/api/workspaces/" + workspace + "/request-form";
        assertThat(owner.client().get(form).status()).as("none until published").isEqualTo(404);
        String first = publishRequestForm(owner, workspace);
        assertThat(first).matches("[0-9A-Za-z]{10}");
        assertThat(anonymous().get("/requests/" + first).body()).contains("Make a privacy request to")
                .contains("Form Shop");
        assertThat(admin.client().get(form).status()).isEqualTo(403);
        assertThat(admin.client().post(form, Map.of()).status()).isEqualTo(403);
        assertThat(outsider.client().get(form).status()).isEqualTo(404);
        assertThat(outsider.client().post(form, Map.of()).status()).isEqualTo(404);
        assertThat(outsider.client().get("/api/workspaces/" + workspace + "/end-user-requests").status())
                .isEqualTo(404);

        String second = publishRequestForm(owner, workspace);
        assertThat(second).isNotEqualTo(first);
        assertThat(owner.client().get(form).text("url")).endsWith("/requests/" + second);
        var retired = anonymous().get("/requests/" + first);
        assertThat(retired.status()).isEqualTo(404);
        assertThat(retired.body()).contains("does not exist or was replaced").doesNotContain("Form Shop");
        assertThat(anonymous().post("/api/privacy/end-user-requests", Map.of("form", first, "kind", "access",
                "email", email("late"))).problemType()).isEqualTo("/problems/unknown-form");
        assertThat(anonymous().get("/requests/" + workspace).status()).as("not by the workspace's id")
                .isEqualTo(404);
    }

    @Test
    @DisplayName("the form cannot flood a mailbox: a few confirmation mails a day to one address, then 429 with "
            + "when to retry, and nothing stored for the refused one")
    void theFormCannotFloodAMailbox() {
        SignedIn owner = signUp("Flood Owner");
        UUID workspace = createWorkspace(owner, "Flood");
        String formCode = publishRequestForm(owner, workspace);
        String victim = email("victim");
        for (int i = 0; i < PublicRequestThrottle.PER_RECIPIENT_PER_DAY; i++) {
            ApiClient from = anonymous().from("198.51.100." + (10 + i));
            assertThat(from.post("/api/privacy/end-user-requests", Map.of("form", formCode, "kind", "erasure",
                    "email", victim)).status()).isEqualTo(202);
        }
        var refused = anonymous().from("198.51.100.99").post("/api/privacy/end-user-requests",
                Map.of("form", formCode, "kind", "erasure", "email", victim));
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(asOwner().sql("SELECT count(*) FROM end_user_requests WHERE workspace_id = :w")
                .param("w", workspace).query(Long.class).single())
                .isEqualTo(PublicRequestThrottle.PER_RECIPIENT_PER_DAY);

        ApiClient busy = anonymous().from("203.0.113.77");
        for (int i = 0; i < PublicRequestThrottle.PER_ADDRESS_PER_HOUR; i++) {
            assertThat(busy.post("/api/privacy/end-user-requests", Map.of("form", formCode, "kind", "access",
                    "email", email("many"))).status()).isEqualTo(202);
        }
        assertThat(busy.post("/api/privacy/end-user-requests", Map.of("form", formCode, "kind", "access",
                "email", email("many"))).status()).as("one address files a few an hour").isEqualTo(429);
    }

    @Test
    @Tag("DR-08")
    @DisplayName("an owner extends an end user's request once, up to 90 days from receipt, and the requester is told "
            + "why; KVKK allows no extension; requests close to their deadline are reminded to whoever answers")
    void extensionsAreToldAndDeadlinesReminded() {
        SignedIn owner = signUp("Slow Owner");
        UUID workspace = createWorkspace(owner, "Slow Shop");
        owner.client().put("/api/workspaces/" + workspace + "/data-processing", Map.of("processorMode", true,
                "dpaVersion", DataProcessing.DPA_VERSION));
        String formCode = publishRequestForm(owner, workspace);
        String gdpr = requestAndConfirm(formCode, "access", "GDPR");
        String kvkk = requestAndConfirm(formCode, "erasure", "KVKK");
        String requests = "/api/workspaces/" + workspace + "/end-user-requests";
        JsonNode request = find(owner.client().get(requests).json(), gdpr);
        String extension = requests + "/" + request.path("id").asString() + "/extension";
        Instant received = Instant.parse(request.path("receivedAt").asString());
        assertThat(owner.client().post(extension, Map.of("dueAt", received.plus(Duration.ofDays(91)).toString(),
                "reason", "Archives")).problemType()).isEqualTo("/problems/invalid-extension");
        Instant newDue = received.plus(Duration.ofDays(60));
        assertThat(owner.client().post(extension, Map.of("dueAt", newDue.toString(), "reason",
                "Your data sits in three archives we must search.")).status()).isEqualTo(204);
        assertThat(lastMail(gdpr, "needs more time")).contains("Your data sits in three archives we must search.");
        assertThat(owner.client().post(extension, Map.of("dueAt", newDue.plusSeconds(60).toString(), "reason",
                "Again")).problemType()).isEqualTo("/problems/already-extended");
        assertThat(Instant.parse(find(owner.client().get(requests).json(), gdpr).path("dueAt").asString()))
                .isEqualTo(newDue);
        String kvkkExtension = requests + "/" + find(owner.client().get(requests).json(), kvkk).path("id").asString()
                + "/extension";
        assertThat(owner.client().post(kvkkExtension, Map.of("dueAt", Instant.now().plus(Duration.ofDays(40))
                .toString(), "reason", "More")).problemType()).isEqualTo("/problems/extension-not-allowed");
        SignedIn neighbour = signUp("Neighbour Owner");
        UUID elsewhere = createWorkspace(neighbour, "Next door shop");
        assertThat(neighbour.client().post(kvkkExtension, Map.of("dueAt", newDue.toString(), "reason", "x")).status())
                .as("another workspace's owner").isEqualTo(404);
        assertThat(neighbour.client().post(kvkkExtension.replace(workspace.toString(), elsewhere.toString()),
                Map.of("dueAt", newDue.toString(), "reason", "x")).status()).as("through their own workspace")
                .isEqualTo(404);

        asOwner().sql("UPDATE end_user_requests SET due_at = now() + interval '2 days' WHERE workspace_id = :w "
                + "AND jurisdiction = 'KVKK'").param("w", workspace).update();
        assertThat(reminders.remindDueSoon()).isGreaterThanOrEqualTo(1);
        assertThat(owner.client().get("/api/privacy/notices").body()).contains("Due soon: an erasure request from an "
                + "end user of Slow Shop");
        assertThat(reminders.remindDueSoon()).as("once per request").isZero();
    }
}
