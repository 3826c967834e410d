package dev.custos.workspace;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

import dev.custos.CustosApplication;
import dev.custos.fakes.FakeModelProvider;
import dev.custos.identity.Invitations;
import dev.custos.support.ApiClient;
import dev.custos.support.CustosIntegrationTest;
import dev.custos.support.Nodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two regions, each kept by its own Custos on its own database (TN-05): an EU workspace's rows are in the EU
 * database and nowhere in the US one, the EU installation refuses to keep a US workspace, and an EU workspace's
 * content goes to no provider outside the regions EU allows.
 */
class RegionsTest {

    private static final String US_URL = "https://us.custos.test";
    private static ConfigurableApplicationContext eu;
    private static ConfigurableApplicationContext us;
    private static FakeModelProvider fake;

    @BeforeAll
    static void startTwoRegions() throws IOException {
        fake = FakeModelProvider.start();
        eu = region("EU", "--custos.regions.elsewhere.US=" + US_URL);
        us = region("US");
    }

    @AfterAll
    static void stopThem() {
        eu.close();
        us.close();
        fake.close();
    }

    private static ConfigurableApplicationContext region(String region, String... settings) {
        List<String> args = new ArrayList<>(List.of("--server.port=0",
                "--custos.regions.home=" + region,
                "--custos.database.data-directory=target/region-" + region + "/postgres",
                "--custos.database.clean-on-start=true", "--custos.database.durable=false",
                "--custos.keys.master-key-file=target/region-" + region + "/master-key.json",
                "--custos.backup.schedule=-", "--custos.backup.keys-schedule=-",
                "--custos.identity.base-url=" + CustosIntegrationTest.ORIGIN,
                "--server.forward-headers-strategy=native", "--logging.level.root=WARN"));
        args.addAll(List.of(settings));
        return new SpringApplicationBuilder(CustosApplication.class).run(args.toArray(String[]::new));
    }

    /** An installation administrator of that region's Custos, signed in. */
    private static CustosIntegrationTest.SignedIn admin(ConfigurableApplicationContext region, String name) {
        return CustosIntegrationTest.signUp(new ApiClient(Nodes.port(region)),
                region.getBean(Invitations.class).issue(null).code(), name);
    }

    private static JdbcClient owner(ConfigurableApplicationContext region) {
        return JdbcClient.create(region.getBean("ownerDataSource", DataSource.class));
    }

    /** How many rows of each table of a region's database mention {@code text} anywhere. */
    private static Map<String, Long> rowsMentioning(ConfigurableApplicationContext region, String text) {
        JdbcClient sql = owner(region);
        Map<String, Long> found = new LinkedHashMap<>();
        for (String table : sql.sql("""
                SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition
                 ORDER BY 1""").query(String.class).list()) {
            long rows = sql.sql("SELECT count(*) FROM \"" + table + "\" t WHERE to_jsonb(t)::text LIKE :text")
                    .param("text", "%" + text + "%").query(Long.class).single();
            if (rows > 0) {
                found.put(table, rows);
            }
        }
        return found;
    }

    @Test
    @Tag("TN-05")
    @DisplayName("an EU workspace's rows are all in the EU database and none in the US one; the EU installation "
            + "refuses a US workspace and says where US workspaces are kept")
    void aWorkspaceStaysInItsRegionsDatabase() {
        var ada = admin(eu, "Ada Europe");
        var created = ada.client().post("/api/workspaces", Map.of("name", "Pinned in Europe"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().path("region").asString()).isEqualTo("EU");
        String workspace = created.text("id");
        String agent = ada.client().post("/api/workspaces/" + workspace + "/agents", Map.of("name", "Helper",
                "instructions", "Help.", "model", "offline/scripted-demo")).text("id");
        var run = ada.client().post("/api/workspaces/" + workspace + "/agents/" + agent + "/sessions",
                Map.of("message", "hello from Europe"));
        assertThat(run.status()).as(run.body()).isEqualTo(201);

        var refused = ada.client().post("/api/workspaces", Map.of("name", "Pinned in America", "region", "US"));
        assertThat(refused.problemType()).as(refused.body()).isEqualTo("/problems/region-elsewhere");
        assertThat(refused.body()).contains(US_URL);
        assertThat(rowsMentioning(eu, "Pinned in America")).as("nothing of the refused workspace kept").isEmpty();

        var bob = admin(us, "Bob America");
        var american = bob.client().post("/api/workspaces", Map.of("name", "Pinned in America"));
        assertThat(american.status()).as(american.body()).isEqualTo(201);
        assertThat(american.json().path("region").asString()).isEqualTo("US");

        assertThat(rowsMentioning(eu, workspace)).containsKeys("workspaces", "memberships", "agents",
                "agent_sessions", "session_events", "audit_log");
        assertThat(rowsMentioning(us, workspace)).as("the US database holds nothing of the EU workspace").isEmpty();
        assertThat(rowsMentioning(us, ada.email())).as("nor its people").isEmpty();
        assertThat(rowsMentioning(eu, american.text("id"))).isEmpty();
    }

    @Test
    @Tag("TN-05")
    @DisplayName("a provider in the US is refused for an EU workspace, when allowing it and, should its region "
            + "change later, when calling it")
    void aUsProviderIsRefusedForAnEuWorkspace() {
        var ada = admin(eu, "Ada Providers");
        String workspace = ada.client().post("/api/workspaces", Map.of("name", "EU models")).text("id");
        var american = registerProvider(ada, "US");
        var refused = ada.client().put("/api/workspaces/" + workspace + "/providers/" + american.get("id"), Map.of());
        assertThat(refused.problemType()).as(refused.body()).isEqualTo("/problems/provider-outside-region");

        var european = registerProvider(ada, "EU");
        assertThat(ada.client().put("/api/workspaces/" + workspace + "/providers/" + european.get("id"), Map.of())
                .status()).isEqualTo(204);
        String key = ada.client().post("/api/workspaces/" + workspace + "/api-keys", Map.of("name", "sdk",
                "scopes", List.of("read", "write"))).text("token");
        ApiClient sdk = ApiClient.withApiKey(Nodes.port(eu), key);
        Map<String, Object> chat = Map.of("model", european.get("name") + "/echo",
                "messages", List.of(Map.of("role", "user", "content", "hello")));
        assertThat(sdk.post("/v1/chat/completions", chat).status()).isEqualTo(200);
        int calls = fake.received().size();

        var moved = new LinkedHashMap<>(european.body());
        moved.put("region", "US");
        assertThat(ada.client().put("/api/providers/" + european.get("id"), moved).status()).isEqualTo(200);
        var afterMove = sdk.post("/v1/chat/completions", chat);
        assertThat(afterMove.status()).as(afterMove.body()).isEqualTo(404);
        assertThat(fake.received()).as("nothing more sent to it").hasSize(calls);
    }

    @Test
    @DisplayName("a workspace's keys carried to the other region's installation open its content there, under that "
            + "installation's master key; a wrong transfer key carries nothing")
    void keysTravelUnderATransferKey() {
        var ada = admin(eu, "Ada Keys");
        String workspace = ada.client().post("/api/workspaces", Map.of("name", "Keys to move")).text("id");
        String agent = ada.client().post("/api/workspaces/" + workspace + "/agents", Map.of("name", "Helper",
                "instructions", "Help.", "model", "offline/scripted-demo")).text("id");
        String session = ada.client().post("/api/workspaces/" + workspace + "/agents/" + agent + "/sessions",
                Map.of("message", "carried across, PANGOLIN")).text("id");
        byte[] sealed = owner(eu).sql("""
                        SELECT content FROM session_events WHERE session_id = :s::uuid AND kind = 'user_message'""")
                .param("s", session).query(byte[].class).single();
        var id = new dev.custos.platform.WorkspaceId(UUID.fromString(workspace));
        var person = new dev.custos.platform.PersonId(ada.personId());
        String context = "session-event|" + session + "|1";

        byte[] transferKey = dev.custos.keys.WorkspaceKeyTransfer.newTransferKey();
        byte[] exported = eu.getBean(dev.custos.keys.WorkspaceKeyTransfer.class).export(id, transferKey);
        assertThat(new String(exported, java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("PANGOLIN");
        var usSeal = us.getBean(dev.custos.keys.ContentSeal.class);
        var usTransfer = us.getBean(dev.custos.keys.WorkspaceKeyTransfer.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> usTransfer.accept(id, exported,
                dev.custos.keys.WorkspaceKeyTransfer.newTransferKey())).isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> usSeal.open(id, person, sealed, context))
                .as("not before the keys arrive").isInstanceOf(RuntimeException.class);

        assertThat(usTransfer.accept(id, exported, transferKey).keys()).isGreaterThanOrEqualTo(2);
        assertThat(usSeal.open(id, person, sealed, context)).contains("PANGOLIN");
    }

    @Test
    @Tag("TN-05")
    @DisplayName("moving a workspace from the EU to the US installation is explicit and audited: frozen while it "
            + "moves, its package sealed, taken in whole with its keys, secrets and members (who claim their "
            + "accounts), then erased in the EU, where what the law keeps no longer opens")
    void aWorkspaceMovesToAnotherRegion() {
        var ada = admin(eu, "Ada Moving");
        String workspace = ada.client().post("/api/workspaces", Map.of("name", "Moving west")).text("id");
        var id = new dev.custos.platform.WorkspaceId(UUID.fromString(workspace));
        String agent = ada.client().post("/api/workspaces/" + workspace + "/agents", Map.of("name", "Helper",
                "instructions", "Help.", "model", "offline/scripted-demo")).text("id");
        String session = ada.client().post("/api/workspaces/" + workspace + "/agents/" + agent + "/sessions",
                Map.of("message", "carried across, OKAPI")).text("id");
        var secret = eu.getBean(dev.custos.keys.CredentialVault.class).store(id, "tool.credential",
                "okapi-secret-token-0123456789");
        var outsider = CustosIntegrationTest.signUp(new ApiClient(Nodes.port(eu)),
                eu.getBean(Invitations.class).issue(new dev.custos.platform.PersonId(ada.personId())).code(),
                "Olga Outsider");
        String move = "/api/admin/workspaces/" + workspace + "/move";
        assertThat(outsider.client().post(move, Map.of("to", "US")).status()).as("administrators only")
                .isEqualTo(403);

        String sessionPath = "/api/workspaces/" + workspace + "/agents/" + agent + "/sessions/" + session;
        if (ada.client().get(sessionPath).json().path("session").path("status").asString().equals("running")) {
            assertThat(ada.client().post(move, Map.of("to", "US")).problemType())
                    .as("not while a run works").isEqualTo("/problems/runs-in-progress");
        }
        org.awaitility.Awaitility.await().until(() -> ada.client().get(sessionPath).json().path("session")
                .path("status").asString().equals("idle"));
        var started = ada.client().post(move, Map.of("to", "US"));
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        assertThat(ada.client().get("/api/workspaces/" + workspace + "/agents").problemType())
                .as("frozen while it moves").isEqualTo("/problems/workspace-moving");
        assertThat(ada.client().post(move, Map.of("to", "US")).problemType()).isEqualTo("/problems/move-started");
        byte[] sealed = ada.client().download(started.text("download"));
        String asText = new String(sealed, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(asText).doesNotContain("OKAPI").doesNotContain("okapi-secret").doesNotContain(ada.email())
                .doesNotContain("Moving west");

        var bob = admin(us, "Bob Receiving");
        String arrivals = "/api/admin/workspace-arrivals";
        String wrongKey = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(dev.custos.keys.WorkspaceKeyTransfer.newTransferKey());
        assertThat(bob.client().postBytes(arrivals, sealed, "Custos-Transfer-Key", wrongKey).problemType())
                .isEqualTo("/problems/package-unreadable");
        byte[] cut = java.util.Arrays.copyOf(sealed, sealed.length - 100);
        assertThat(bob.client().postBytes(arrivals, cut, "Custos-Transfer-Key", started.text("transferKey"))
                .problemType()).as("a package cut short").isEqualTo("/problems/package-unreadable");
        assertThat(rowsMentioning(us, workspace)).as("nothing of a refused package kept").isEmpty();

        var arrived = bob.client().postBytes(arrivals, sealed, "Custos-Transfer-Key", started.text("transferKey"));
        assertThat(arrived.status()).as(arrived.body()).isEqualTo(201);
        assertThat(arrived.text("receipt")).isEqualTo(started.text("digest"));
        assertThat(arrived.json().path("region").asString()).isEqualTo("US");
        assertThat(arrived.json().path("secrets").asInt()).isEqualTo(1);
        assertThat(arrived.body()).as("what refers to the EU installation's providers stays")
                .contains("\"leftBehind\":[\"fine_tuning_jobs\",\"workspace_private_models\",\"workspace_providers\"]");
        assertThat(bob.client().postBytes(arrivals, sealed, "Custos-Transfer-Key", started.text("transferKey"))
                .problemType()).as("taken in once").isEqualTo("/problems/workspace-exists");
        String account = "SELECT email, name, created_at, age_confirmed_at FROM people WHERE person_id = :p";
        assertThat(owner(us).sql(account).param("p", ada.personId()).query().listOfRows())
                .as("the account arrives as it was").isEqualTo(owner(eu).sql(account).param("p", ada.personId())
                        .query().listOfRows());

        assertThat(ada.client().post(move + "/complete", Map.of("receipt", "0".repeat(64))).problemType())
                .isEqualTo("/problems/receipt-mismatch");
        assertThat(ada.client().post(move + "/complete", Map.of("receipt", arrived.text("receipt"))).status())
                .isEqualTo(204);
        assertThat(rowsMentioning(eu, workspace).keySet()).as("in the EU, only what the law keeps")
                .isSubsetOf("audit_log", "audit_chain_heads");
        byte[] euContent = owner(us).sql("""
                        SELECT content FROM session_events WHERE session_id = :s::uuid AND kind = 'user_message'""")
                .param("s", session).query(byte[].class).single();
        var person = new dev.custos.platform.PersonId(ada.personId());
        String context = "session-event|" + session + "|1";
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> eu.getBean(dev.custos.keys.ContentSeal.class)
                .open(id, person, euContent, context)).as("the EU keys are gone").isInstanceOf(RuntimeException.class);

        String link = arrived.json().path("members").get(0).path("claimLink").asString();
        ApiClient adaInUs = new ApiClient(Nodes.port(us));
        assertThat(adaInUs.post("/api/auth/sign-in", Map.of("email", ada.email(), "password",
                CustosIntegrationTest.PASSWORD)).status()).as("no password travels").isEqualTo(401);
        String code = link.substring(link.indexOf("code=") + 5);
        assertThat(adaInUs.post("/api/auth/account-claim", Map.of("code", code, "password",
                "a-new-passphrase-in-the-us")).status()).isEqualTo(204);
        assertThat(adaInUs.post("/api/auth/sign-in", Map.of("email", ada.email(), "password",
                "a-new-passphrase-in-the-us")).status()).isEqualTo(200);
        var there = adaInUs.get("/api/workspaces/" + workspace + "/agents/" + agent + "/sessions/" + session
                + "/events");
        assertThat(there.status()).as(there.body()).isEqualTo(200);
        assertThat(there.body()).contains("carried across, OKAPI");
        assertThat(adaInUs.get("/api/workspaces/" + workspace).json().path("region").asString())
                .as("pinned to its new region").isEqualTo("US");
        assertThat(us.getBean(dev.custos.keys.CredentialVault.class).open(id, secret.id(), null, "test"))
                .isEqualTo("okapi-secret-token-0123456789");
        var chain = us.getBean(dev.custos.audit.AuditLog.class).verify(id);
        assertThat(chain.intact()).as(String.valueOf(chain.problem())).isTrue();
        assertThat(adaInUs.get("/api/audit?workspaceId=" + workspace).body())
                .contains("workspace.move_started", "workspace.moved_in");
    }

    private record Provider(Map<String, Object> body, String id) {
        Object get(String field) {
            return field.equals("id") ? id : body.get(field);
        }
    }

    private static Provider registerProvider(CustosIntegrationTest.SignedIn admin, String region) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "oac-" + UUID.randomUUID().toString().substring(0, 8));
        body.put("label", "A provider in " + region);
        body.put("kind", "openai-compatible");
        body.put("baseUrl", fake.baseUrl().toString());
        body.put("apiKey", "sk-test-" + UUID.randomUUID());
        body.put("region", region);
        body.put("zeroRetention", true);
        body.put("mayTrain", false);
        body.put("models", List.of("echo"));
        var created = admin.client().post("/api/providers", body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return new Provider(body, created.text("id"));
    }
}
