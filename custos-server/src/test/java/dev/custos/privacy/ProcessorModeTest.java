package dev.custos.privacy;

import java.util.Map;
import java.util.UUID;

import dev.custos.privacy.governance.DataProcessing;
import dev.custos.support.ApiClient;
import dev.custos.support.CustosIntegrationTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessorModeTest extends CustosIntegrationTest {

    private static Map<String, Object> form(String formCode, String email) {
        return Map.of("form", formCode, "kind", "erasure", "email", email,
                "details", "Please delete what you hold about me.");
    }

    private static long countInstructionNotices(SignedIn person) {
        return person.client().get("/api/privacy/notices").json().valueStream()
                .filter(notice -> notice.path("message").asString().contains("awaits your instruction")).count();
    }

    private static String sessionId(String sessionPath) {
        return sessionPath.substring(sessionPath.lastIndexOf('/') + 1);
    }

    @Test
    @Tag("DR-11")
    @Tag("DR-12")
    @Tag("GV-04")
    @DisplayName("a workspace's owner records the DPA and processor mode; its end users' requests then go to the "
            + "owners once they confirm their address by a mailed code, and Custos acts only on the owners' "
            + "instruction")
    void requestsGoToTheController() {
        SignedIn owner = signUp("Controller Owner");
        UUID workspace = createWorkspace(owner, "Controller");
        SignedIn member = addMember(owner, workspace, "admin", "Controller Admin");
        String agreement = "/api/workspaces/" + workspace + "/data-processing";
        assertThat(owner.client().get(agreement).json().has("agreement")).isFalse();
        assertThat(member.client().put(agreement, Map.of("processorMode", true, "dpaVersion", "2026-11")).status())
                .as("only the owner signs").isEqualTo(403);
        assertThat(owner.client().put(agreement, Map.of("processorMode", true, "dpaVersion", "1999-01"))
                .problemType()).isEqualTo("/problems/unknown-dpa-version");
        var agreed = owner.client().put(agreement, Map.of("processorMode", true, "dpaVersion", "2026-11"));
        assertThat(agreed.status()).as(agreed.body()).isEqualTo(200);
        assertThat(agreed.json().path("processorMode").asBoolean()).isTrue();

        SignedIn admin = installationAdmin();
        long adminNoticesBefore = countInstructionNotices(admin);
        ApiClient endUser = anonymous();
        String formCode = publishRequestForm(owner, workspace);
        var routed = endUser.post("/api/privacy/end-user-requests", form(formCode, "customer@example.net"));
        assertThat(routed.status()).as(routed.body()).isEqualTo(202);
        assertThat(routed.text("routedTo")).isEqualTo("workspace");
        assertThat(routed.body()).doesNotContain("Controller");
        String requests = "/api/workspaces/" + workspace + "/end-user-requests";
        assertThat(owner.client().get(requests).json().size()).as("nothing until the address is confirmed")
                .isZero();
        assertThat(owner.client().get("/api/privacy/notices").body()).doesNotContain("awaits your instruction");
        String code = mailedCode("customer@example.net");
        assertThat(lastMail("customer@example.net", "Confirm your privacy request"))
                .as("plain words, no API to call").contains("Delete the data held about me")
                .contains("/privacy/requests/confirm?code=").doesNotContain("/api/").doesNotContain("POST");
        assertThat(endUser.post("/api/privacy/end-user-requests/confirmation", Map.of("code", "not-the-code"))
                .problemType()).isEqualTo("/problems/invalid-confirmation");
        assertThat(anonymous().get("/privacy/requests/confirm?code=" + code).body())
                .as("opening the link confirms nothing").contains("Confirm my request");
        assertThat(owner.client().get(requests).json().size()).isZero();
        assertThat(anonymous().postForm("/privacy/requests/confirm", Map.of("code", code)).body())
                .contains("your request is confirmed");
        assertThat(endUser.post("/api/privacy/end-user-requests/confirmation", Map.of("code", code))
                .problemType()).as("single use").isEqualTo("/problems/invalid-confirmation");
        assertThat(owner.client().get("/api/privacy/notices").body()).contains("awaits your instruction");
        assertThat(countInstructionNotices(admin)).as("not the installation's to decide").isEqualTo(adminNoticesBefore);

        JsonNode request = owner.client().get(requests).json().get(0);
        assertThat(request.path("status").asString()).isEqualTo("awaiting_instruction");
        assertThat(java.time.Duration.between(java.time.Instant.parse(request.path("receivedAt").asString()),
                java.time.Instant.parse(request.path("dueAt").asString()))).as("due within 30 days")
                .isEqualTo(java.time.Duration.ofDays(30));
        assertThat(lastMail("customer@example.net", "is confirmed")).contains("Controller must answer you by");
        assertThat(request.path("requester").path("email").asString()).isEqualTo("customer@example.net");
        byte[] stored = asOwner().sql("SELECT requester FROM end_user_requests WHERE workspace_id = :w")
                .param("w", workspace).query((rs, n) -> rs.getBytes(1)).single();
        assertThat(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("customer@");

        String instruct = requests + "/" + request.path("id").asString() + "/instruction";
        assertThat(member.client().post(instruct, Map.of("decision", "fulfil", "note", "go")).status())
                .as("the owner instructs").isEqualTo(403);
        String agent = createOfflineAgent(owner, workspace);
        String mentioning = runSession(owner, workspace, agent, "Ticket from customer@example.net about a refund");
        String unrelated = runSession(owner, workspace, agent, "An unrelated question");
        UUID foreign = createWorkspace(member, "Not the controller's");
        String elsewhere = runSession(member, foreign, createOfflineAgent(member, foreign), "elsewhere");
        assertThat(owner.client().get(mentioning).status()).as("nothing happens before the instruction")
                .isEqualTo(200);
        var refused = owner.client().post(instruct, Map.of("decision", "fulfil", "note", "Erase them.",
                "eraseSessions", java.util.List.of(sessionId(mentioning), sessionId(elsewhere))));
        assertThat(refused.problemType()).isEqualTo("/problems/unknown-session");
        assertThat(owner.client().get(requests).json().get(0).path("status").asString())
                .as("a refused instruction changes nothing").isEqualTo("awaiting_instruction");
        assertThat(owner.client().get(mentioning).status()).isEqualTo(200);
        assertThat(member.client().get(elsewhere).status()).isEqualTo(200);

        assertThat(owner.client().post(instruct, Map.of("decision", "fulfil", "note",
                "Erase the session that mentions them.", "eraseSessions", java.util.List.of(sessionId(mentioning))))
                .status()).isEqualTo(204);
        assertThat(owner.client().get(requests).json().get(0).path("status").asString()).isEqualTo("fulfilled");
        assertThat(owner.client().get(mentioning).status()).as("erased as instructed").isEqualTo(404);
        assertThat(lastMail("customer@example.net", "was answered")).as("the requester hears the outcome")
                .contains("Controller answered your request").contains("They carried it out.")
                .contains("Erase the session that mentions them.");
        assertThat(owner.client().get(unrelated).status()).as("and nothing else").isEqualTo(200);
        assertThat(owner.client().post(instruct, Map.of("decision", "decline", "note", "x")).problemType())
                .isEqualTo("/problems/no-request-awaiting");

        SignedIn outsider = signUp("Outsider");
        assertThat(outsider.client().get(requests).status()).isEqualTo(404);
        assertThat(outsider.client().post(instruct, Map.of("decision", "fulfil", "note", "x")).status()).isEqualTo(404);
        assertThat(outsider.client().put(agreement, Map.of("processorMode", false, "dpaVersion", "2026-11"))
                .status()).isEqualTo(404);
    }

    @Test
    @Tag("DR-12")
    @DisplayName("without processor mode an end user's request goes to the installation's administrators; bad "
            + "input is refused")
    void withoutProcessorMode() {
        SignedIn admin = installationAdmin();
        SignedIn owner = signUp("Plain Owner");
        UUID workspace = createWorkspace(owner, "Plain");
        String formCode = publishRequestForm(owner, workspace);
        var routed = anonymous().post("/api/privacy/end-user-requests", form(formCode, "someone@example.net"));
        assertThat(routed.text("routedTo")).isEqualTo("installation");
        assertThat(anonymous().post("/api/privacy/end-user-requests/confirmation",
                Map.of("code", mailedCode("someone@example.net"))).status()).isEqualTo(200);
        assertThat(admin.client().get("/api/privacy/notices").body()).contains("awaits your instruction");
        assertThat(anonymous().post("/api/privacy/end-user-requests", form("NoSuchForm", "a@example.net"))
                .problemType()).isEqualTo("/problems/unknown-form");
        assertThat(anonymous().post("/api/privacy/end-user-requests", form(formCode, "not-an-email")).status())
                .isEqualTo(400);
    }

    @Test
    @Tag("DR-12")
    @DisplayName("a member of a processor-mode workspace who deletes their account: their sessions there are the "
            + "customer's, kept readable until the owner instructs, who is asked at once; elsewhere they go at once")
    void aDepartingMembersContentIsTheCustomersToDecide() {
        SignedIn owner = signUp("Customer Owner");
        UUID workspace = createWorkspace(owner, "Customer Org");
        owner.client().put("/api/workspaces/" + workspace + "/data-processing", Map.of("processorMode", true,
                "dpaVersion", DataProcessing.DPA_VERSION));
        SignedIn member = addMember(owner, workspace, "member", "Departing Member");
        String theirs = runSession(member, workspace, createOfflineAgent(owner, workspace), "Case notes, NUMBAT");
        UUID own = createWorkspace(member, "Departing's own");
        String ownSession = runSession(member, own, createOfflineAgent(member, own), "private, BILBY");

        var erasure = member.client().post("/api/privacy/erasure", Map.of("password", PASSWORD));
        assertThat(erasure.status()).as(erasure.body()).isEqualTo(202);
        String request = erasure.text("id");
        org.awaitility.Awaitility.await().until(() -> asOwner().sql(
                "SELECT status FROM privacy_requests WHERE request_id = :id").param("id", UUID.fromString(request))
                .query(String.class).single().equals("completed"));

        assertThat(owner.client().get(theirs).body()).as("kept, readable, for the customer to decide")
                .contains("NUMBAT");
        assertThat(asOwner().sql("SELECT count(*) FROM agent_sessions WHERE workspace_id = :w").param("w", own)
                .query(Long.class).single()).as("their own workspace is gone at once").isZero();
        assertThat(owner.client().get("/api/privacy/notices").body()).contains("A member of Customer Org deleted "
                + "their account");
        String requests = "/api/workspaces/" + workspace + "/end-user-requests";
        JsonNode asked = owner.client().get(requests).json().valueStream()
                .filter(r -> r.path("requester").path("email").asString().equals(member.email()))
                .findFirst().orElseThrow();
        assertThat(asked.path("kind").asString()).isEqualTo("erasure");
        assertThat(asked.path("status").asString()).isEqualTo("awaiting_instruction");
        assertThat(anonymous().get("/privacy/erasures/" + request).body()).contains("Customer Org");

        var instructed = owner.client().post(requests + "/" + asked.path("id").asString() + "/instruction",
                Map.of("decision", "fulfil", "note", "Erased their case notes.", "eraseSessions",
                        java.util.List.of(sessionId(theirs))));
        assertThat(instructed.status()).as(instructed.body()).isEqualTo(204);
        assertThat(owner.client().get(theirs).status()).as("erased on the customer's instruction").isEqualTo(404);
        assertThat(ownSession).isNotBlank();
    }
}
