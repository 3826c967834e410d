package dev.custos.usage;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.custos.platform.WorkspaceId;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** A plan's features and limits, enforced by the server where each is used (BL-01, AI-07's plan half). */
class PlanEntitlementsTest extends BillingOnTest {

    @Autowired
    Plans plans;

    private void putOn(UUID workspace, String plan) {
        plans.change(new WorkspaceId(workspace), plans.plan(plan).orElseThrow(), Plans.Standing.ACTIVE, null, null);
    }

    @Test
    @Tag("BL-01")
    @DisplayName("a feature outside the workspace's plan is refused with 403 plan-required naming the plans that "
            + "include it, and stores nothing; on a plan that includes it the same requests succeed")
    void featuresFollowThePlan() {
        SignedIn owner = signUp("Plan Owner");
        UUID workspace = createWorkspace(owner, "On Free");
        String bases = "/api/workspaces/" + workspace + "/knowledge-bases";
        var refused = owner.client().post(bases, Map.of("name", "Handbook"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.text("type")).endsWith("/problems/plan-required");
        assertThat(refused.text("plan")).isEqualTo("free");
        assertThat(refused.json().path("plansIncluding").get(0).asString()).isEqualTo("team");
        assertThat(refused.text("detail")).contains("Knowledge bases", "Free", "Team");
        assertThat(owner.client().get(bases).json().size()).isZero();
        var search = owner.client().get("/api/workspaces/" + workspace + "/knowledge-search?q=holiday");
        assertThat(search.status()).isEqualTo(403);
        var connection = owner.client().post("/api/workspaces/" + workspace + "/connections", Map.of(
                "kind", "mcp", "name", "Tracker", "handle", "tracker", "url", "https://tracker.example/mcp",
                "scope", "read-only"));
        assertThat(connection.status()).isEqualTo(403);
        assertThat(connection.text("feature")).isEqualTo("connections");

        putOn(workspace, "team");
        assertThat(owner.client().post(bases, Map.of("name", "Handbook")).status()).isEqualTo(201);
        assertThat(owner.client().get("/api/workspaces/" + workspace + "/knowledge-search?q=holiday").status())
                .isEqualTo(200);
    }

    @Test
    @Tag("AI-07")
    @Tag("BL-01")
    @DisplayName("a workspace sets its own run-log retention only on a plan that allows it; going back to the "
            + "installation's period is always allowed")
    void ownRetentionNeedsThePlan() {
        SignedIn owner = signUp("Retention Owner");
        UUID workspace = createWorkspace(owner, "Retention On Free");
        String retention = "/api/workspaces/" + workspace + "/retention";
        var refused = owner.client().put(retention, Map.of("runLogDays", 30));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.text("feature")).isEqualTo("own-retention");
        assertThat(owner.client().get(retention).json().path("runLogDays").asInt()).isEqualTo(90);

        putOn(workspace, "team");
        assertThat(owner.client().put(retention, Map.of("runLogDays", 30)).status()).isEqualTo(200);
        assertThat(owner.client().get(retention).json().path("runLogDays").asInt()).isEqualTo(30);
        plans.fallBack(new WorkspaceId(workspace));
        assertThat(owner.client().put(retention, Map.of("runLogDays", 20)).status()).isEqualTo(403);
        var reset = new java.util.HashMap<String, Object>();
        reset.put("runLogDays", null);
        assertThat(owner.client().put(retention, reset).status()).isEqualTo(200);
    }

    @Test
    @Tag("BL-01")
    @DisplayName("seats: the member past the plan's limit cannot join (403 plan-limit-reached) and is not added")
    void seatsAreCounted() {
        SignedIn owner = signUp("Seats Owner");
        UUID workspace = createWorkspace(owner, "Two Seats");
        addMember(owner, workspace, "member", "Second Seat");
        var invite = owner.client().post("/api/workspaces/" + workspace + "/invites", Map.of("role", "member"));
        assertThat(invite.status()).as(invite.body()).isEqualTo(201);
        SignedIn third = signUp("Third Seat");
        var joined = third.client().post("/api/invites/accept", Map.of("code", invite.text("code")));
        assertThat(joined.status()).as(joined.body()).isEqualTo(403);
        assertThat(joined.text("type")).endsWith("/problems/plan-limit-reached");
        assertThat(joined.json().path("allowed").asInt()).isEqualTo(2);
        assertThat(owner.client().get("/api/workspaces/" + workspace + "/members").json().size()).isEqualTo(2);

        putOn(workspace, "team");
        assertThat(third.client().post("/api/invites/accept", Map.of("code", invite.text("code"))).status())
                .isEqualTo(200);
    }

    @Test
    @Tag("BL-01")
    @DisplayName("monthly runs: the run past the plan's limit is refused before it starts, and not counted")
    void runsAreCounted() {
        SignedIn owner = signUp("Runs Owner");
        UUID workspace = createWorkspace(owner, "Two Runs");
        String agents = "/api/workspaces/" + workspace + "/agents";
        var agent = owner.client().post(agents, Map.of("name", "Helper", "instructions", "Be helpful.", "model",
                "offline/scripted-demo", "tools", List.of(), "approvalTools", List.of(), "redaction", false));
        assertThat(agent.status()).as(agent.body()).isEqualTo(201);
        String sessions = agents + "/" + agent.text("id") + "/sessions";
        for (int run = 0; run < 2; run++) {
            assertThat(owner.client().post(sessions, Map.of("message", "hello")).status()).isEqualTo(201);
        }
        var refused = owner.client().post(sessions, Map.of("message", "one more"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.text("limit")).isEqualTo("monthly-runs");
        assertThat(asOwner().sql("SELECT runs FROM usage_month_totals WHERE workspace_id = :w")
                .param("w", workspace).query(Long.class).single()).isEqualTo(2L);
        assertThat(asOwner().sql("SELECT count(*) FROM agent_sessions WHERE workspace_id = :w")
                .param("w", workspace).query(Long.class).single()).isEqualTo(2L);
    }

    @Test
    @Tag("BL-01")
    @DisplayName("the plan's monthly tokens cap the gateway: once used, calls get 429 insufficient_quota naming the "
            + "plan, and a plan without the cap lets them through again")
    void monthlyTokensCapTheGateway() {
        SignedIn owner = signUp("Token Owner");
        UUID workspace = createWorkspace(owner, "Token Cap");
        var sdk = dev.custos.support.ApiClient.withApiKey(port, createApiKey(owner, workspace, "read", "write"));
        Map<String, Object> chat = Map.of("model", "offline/scripted-demo", "messages",
                List.of(Map.of("role", "user", "content", "hello")));
        assertThat(sdk.post("/v1/chat/completions", chat).status()).isEqualTo(200);
        asOwner().sql("UPDATE usage_month_totals SET tokens = 10000 WHERE workspace_id = :w").param("w", workspace)
                .update();
        var refused = sdk.post("/v1/chat/completions", chat);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.json().path("error").path("code").asString()).isEqualTo("insufficient_quota");
        assertThat(refused.json().path("error").path("message").asString()).contains("plan");
        putOn(workspace, "team");
        assertThat(sdk.post("/v1/chat/completions", chat).status()).isEqualTo(200);
    }

    @Test
    @Tag("BL-01")
    @DisplayName("storage: an upload that would pass the plan's megabytes is refused and not stored")
    void storageIsCounted() {
        SignedIn owner = signUp("Storage Owner");
        UUID workspace = createWorkspace(owner, "One Megabyte");
        putOn(workspace, "small");
        String bases = "/api/workspaces/" + workspace + "/knowledge-bases";
        String base = owner.client().post(bases, Map.of("name", "Files")).text("id");
        byte[] text = "Some words to keep. ".repeat(35_000).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(owner.client().upload(bases + "/" + base + "/documents", "first.txt", "text/plain", text).status())
                .isEqualTo(201);
        var refused = owner.client().upload(bases + "/" + base + "/documents", "second.txt", "text/plain", text);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.text("limit")).isEqualTo("storage");
        assertThat(owner.client().get(bases + "/" + base + "/documents").json().size()).isEqualTo(1);
    }

    @Test
    @Tag("BL-01")
    @DisplayName("single sign-on: requiring it of members needs a plan that includes it and the setter's own identity; "
            + "then members without one are refused until it is lifted")
    void singleSignOnNeedsThePlan() {
        SignedIn owner = signUp("Sso Owner");
        UUID workspace = createWorkspace(owner, "Sso Team");
        SignedIn member = addMember(owner, workspace, "member", "Sso Member");
        String requirement = "/api/workspaces/" + workspace + "/sso-requirement";
        var refused = owner.client().put(requirement, Map.of("required", true));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.text("feature")).isEqualTo("single-sign-on");

        putOn(workspace, "team");
        assertThat(owner.client().put(requirement, Map.of("required", true)).status()).as("not linked yet")
                .isEqualTo(409);
        UUID provider = UUID.randomUUID();
        asOwner().sql("""
                INSERT INTO sso_providers (provider_id, name, label, issuer_url, client_id, scopes, created_at,
                    updated_at)
                VALUES (:id, :name, 'Acme', 'https://idp.example.test', 'custos', ARRAY['openid'], now(), now())""")
                .param("id", provider).param("name", "acme-" + provider.toString().substring(0, 8)).update();
        asOwner().sql("""
                INSERT INTO external_identities (provider_id, subject, person_id, linked_at)
                VALUES (:provider, 'owner-subject', :person, now())""")
                .param("provider", provider).param("person", owner.personId()).update();
        assertThat(owner.client().put(requirement, Map.of("required", true)).status()).isEqualTo(200);
        var blocked = member.client().get("/api/workspaces/" + workspace);
        assertThat(blocked.status()).isEqualTo(403);
        assertThat(blocked.text("type")).endsWith("/problems/sso-required");
        assertThat(owner.client().get("/api/workspaces/" + workspace).status()).isEqualTo(200);

        SignedIn stranger = signUp("Sso Stranger");
        assertThat(stranger.client().put(requirement, Map.of("required", false)).status()).isEqualTo(404);
        assertThat(stranger.client().get(requirement).status()).isEqualTo(404);
        assertThat(owner.client().put(requirement, Map.of("required", false)).status()).isEqualTo(200);
        assertThat(member.client().get("/api/workspaces/" + workspace).status()).isEqualTo(200);
    }
}
