package dev.custos.tool;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import dev.custos.platform.PersonId;
import dev.custos.platform.WorkspaceId;
import dev.custos.support.CustosIntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Credentials for connected tools (SC-03): sent where they belong, stored sealed, never returned, audited. */
@Tag("SC-03")
class ToolCredentialsTest extends CustosIntegrationTest {

    /** A connected system that answers with the Authorization header it received, as a careless API might. */
    private static HttpServer crm;
    private static final List<String> received = new CopyOnWriteArrayList<>();

    @Autowired
    private HttpGet httpGet;

    @BeforeAll
    static void startCrm() throws IOException {
        crm = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        crm.createContext("/contacts", exchange -> {
            String authorization = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
            received.add(authorization);
            byte[] body = ("{\"contacts\":[],\"you_sent\":\"" + authorization + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        crm.start();
    }

    @AfterAll
    static void stopCrm() {
        crm.stop(0);
    }

    private static String contactsUrl() {
        return "http://127.0.0.1:" + crm.getAddress().getPort() + "/contacts";
    }

    private static String newSecret() {
        return "crm-token-" + UUID.randomUUID().toString().replace("-", "");
    }

    @Test
    @DisplayName("a stored credential is sent to its host by http_get, never shown by the API, stored sealed, and "
            + "every use is audited")
    void credentialIsUsedButNeverReturned() {
        SignedIn owner = signUp("Crm Owner");
        UUID workspace = createWorkspace(owner, "Sales");
        String path = "/api/workspaces/" + workspace + "/tool-credentials";
        owner.client().put("/api/workspaces/" + workspace + "/tool-settings", Map.of("httpAllowedHosts",
                List.of("127.0.0.1")));
        String secret = newSecret();

        var added = owner.client().post(path, Map.of("name", "CRM", "host", "127.0.0.1", "scheme", "Bearer",
                "secret", secret));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        assertThat(added.body()).doesNotContain(secret);
        assertThat(added.text("hint")).isEqualTo("…" + secret.substring(secret.length() - 4));
        assertThat(added.text("headerName")).isEqualTo("Authorization");
        SignedIn member = addMember(owner, workspace, "member", "Crm Member");
        var listed = member.client().get(path);
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.json().get(0).path("host").asString()).isEqualTo("127.0.0.1");
        assertThat(listed.body()).doesNotContain(secret);
        assertThat(dumpOfTheMainDatabase()).as("no copy of the secret in clear anywhere in the database")
                .doesNotContain(secret);

        var context = new ToolContext(new WorkspaceId(workspace), UUID.randomUUID(), new PersonId(member.personId()));
        String answer = httpGet.call(context, "{\"url\":\"" + contactsUrl() + "\"}");
        assertThat(received).contains("Bearer " + secret);
        assertThat(answer).as("what reaches the model").startsWith("HTTP 200").doesNotContain(secret)
                .contains("[credential]");
        assertThat(asOwner().sql("""
                        SELECT count(*) FROM audit_log WHERE workspace_id = :w AND action = 'vault.secret_opened'
                          AND actor_id = :p AND details::jsonb->>'used_for' = 'http_get'""")
                .param("w", workspace).param("p", member.personId()).query(Long.class).single()).isEqualTo(1);
        assertThat(member.client().get(path).json().get(0).path("lastUsedAt").isMissingNode()).isFalse();

        // Rotated at its source: the new secret replaces the old, which is never sent again.
        String rotated = newSecret();
        String credential = added.text("id");
        assertThat(member.client().put(path + "/" + credential + "/secret", Map.of("secret", rotated)).status())
                .as("members cannot replace it").isEqualTo(403);
        var replaced = owner.client().put(path + "/" + credential + "/secret", Map.of("secret", rotated));
        assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
        assertThat(replaced.body()).doesNotContain(rotated);
        received.clear();
        httpGet.call(context, "{\"url\":\"" + contactsUrl() + "\"}");
        assertThat(received).containsExactly("Bearer " + rotated);

        assertThat(owner.client().delete(path + "/" + credential).status()).isEqualTo(204);
        assertThat(asOwner().sql("SELECT count(*) FROM vault_secrets WHERE workspace_id = :w").param("w", workspace)
                .query(Long.class).single()).as("its secret went with it").isZero();
        received.clear();
        httpGet.call(context, "{\"url\":\"" + contactsUrl() + "\"}");
        assertThat(received).containsExactly("null");
    }

    @Test
    @DisplayName("a credential never travels over plain http to another machine, and bad input stores nothing")
    void refusals() {
        SignedIn owner = signUp("Careful Owner");
        UUID workspace = createWorkspace(owner, "Careful");
        String path = "/api/workspaces/" + workspace + "/tool-credentials";
        owner.client().put("/api/workspaces/" + workspace + "/tool-settings", Map.of("httpAllowedHosts",
                List.of("crm.example.test")));
        assertThat(owner.client().post(path, Map.of("name", "CRM", "host", "crm.example.test", "headerName",
                "X-Api-Key", "secret", newSecret())).status()).isEqualTo(201);
        var context = new ToolContext(new WorkspaceId(workspace), UUID.randomUUID(), new PersonId(owner.personId()));
        assertThatThrownBy(() -> httpGet.call(context, "{\"url\":\"http://crm.example.test/contacts\"}"))
                .isInstanceOf(ToolFailed.class).hasMessageContaining("https only");
        assertThat(asOwner().sql("SELECT count(*) FROM audit_log WHERE workspace_id = :w AND action = "
                + "'vault.secret_opened'").param("w", workspace).query(Long.class).single())
                .as("refused before the secret was opened").isZero();

        assertThat(owner.client().post(path, Map.of("name", "Again", "host", "CRM.example.test", "secret", newSecret()))
                .problemType()).isEqualTo("/problems/credential-host-taken");
        assertThat(owner.client().post(path, Map.of("name", "Wild", "host", "*.example.test", "secret", newSecret()))
                .problemType()).isEqualTo("/problems/invalid-host");
        assertThat(owner.client().post(path, Map.of("name", "Hdr", "host", "a.example.test", "headerName", "Host",
                "secret", newSecret())).problemType()).isEqualTo("/problems/invalid-header-name");
        assertThat(owner.client().post(path, Map.of("name", "Split", "host", "b.example.test",
                "secret", "abc\r\nX-Evil: 1")).problemType()).isEqualTo("/problems/invalid-secret");
        assertThat(owner.client().post(path, Map.of("name", "Empty", "host", "c.example.test", "secret", " "))
                .status()).isEqualTo(400);
        assertThat(owner.client().get(path).json().size()).isEqualTo(1);
        assertThat(asOwner().sql("SELECT count(*) FROM vault_secrets WHERE workspace_id = :w").param("w", workspace)
                .query(Long.class).single()).as("no secret left behind by a refusal").isEqualTo(1);
    }

    @Test
    @DisplayName("another workspace's admin can neither see, replace nor remove a workspace's credentials")
    void crossWorkspace() {
        SignedIn owner = signUp("Owner A");
        SignedIn other = signUp("Owner B");
        UUID a = createWorkspace(owner, "A");
        UUID b = createWorkspace(other, "B");
        var added = owner.client().post("/api/workspaces/" + a + "/tool-credentials", Map.of("name", "CRM",
                "host", "crm.example.test", "secret", newSecret()));
        String credential = added.text("id");

        assertThat(other.client().get("/api/workspaces/" + a + "/tool-credentials").status()).isEqualTo(404);
        assertThat(other.client().put("/api/workspaces/" + a + "/tool-credentials/" + credential + "/secret",
                Map.of("secret", newSecret())).status()).isEqualTo(404);
        assertThat(other.client().put("/api/workspaces/" + b + "/tool-credentials/" + credential + "/secret",
                Map.of("secret", newSecret())).status()).as("named through B, A's credential is not found")
                .isEqualTo(404);
        assertThat(other.client().delete("/api/workspaces/" + b + "/tool-credentials/" + credential).status())
                .isEqualTo(404);
        String key = createApiKey(other, b, "read", "write", "admin");
        assertThat(dev.custos.support.ApiClient.withApiKey(port, key).get("/api/workspaces/" + a + "/tool-credentials")
                .status()).isEqualTo(404);
        assertThat(owner.client().get("/api/workspaces/" + a + "/tool-credentials").json().size()).isEqualTo(1);
    }
}
