package dev.custos.tool;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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

/** The tools that touch the outside world or storage, under each workspace's rules. */
class WorkspaceToolsTest extends CustosIntegrationTest {

    private static HttpServer site;

    @Autowired
    private HttpGet httpGet;

    @Autowired
    private WorkspaceFiles files;

    @BeforeAll
    static void startSite() throws IOException {
        site = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        site.createContext("/page", exchange -> {
            byte[] body = "<h1>Opening hours</h1>".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        site.createContext("/elsewhere", exchange -> {
            exchange.getResponseHeaders().set("Location", "http://169.254.169.254/latest/meta-data");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        site.start();
    }

    @AfterAll
    static void stopSite() {
        site.stop(0);
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + site.getAddress().getPort() + path;
    }

    @Test
    @DisplayName("http_get reaches no host until an admin allows it, and follows no redirect")
    void httpGetAllowlist() {
        SignedIn owner = signUp("Web Owner");
        UUID workspace = createWorkspace(owner, "Web");
        var context = new ToolContext(new WorkspaceId(workspace), UUID.randomUUID(), new PersonId(owner.personId()));
        String arguments = "{\"url\":\"" + url("/page") + "\"}";

        assertThatThrownBy(() -> httpGet.call(context, arguments)).isInstanceOf(ToolFailed.class)
                .hasMessageContaining("not on this workspace's list");
        SignedIn member = addMember(owner, workspace, "member", "Web Member");
        assertThat(member.client().put("/api/workspaces/" + workspace + "/tool-settings",
                Map.of("httpAllowedHosts", List.of("127.0.0.1"))).status()).as("members cannot widen it").isEqualTo(403);
        var changed = owner.client().put("/api/workspaces/" + workspace + "/tool-settings",
                Map.of("httpAllowedHosts", List.of(" 127.0.0.1 ", "*.example.org")));
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.json().path("httpAllowedHosts").toString()).isEqualTo("[\"127.0.0.1\",\"*.example.org\"]");

        assertThat(httpGet.call(context, arguments)).startsWith("HTTP 200").contains("Opening hours");
        assertThat(httpGet.call(context, "{\"url\":\"" + url("/elsewhere") + "\"}"))
                .startsWith("HTTP 302").doesNotContain("meta-data\n");
        assertThat(ToolSettings.allows(new ToolSettings.HttpHosts(List.of("*.example.org")), "api.example.org")).isTrue();
        assertThat(ToolSettings.allows(new ToolSettings.HttpHosts(List.of("*.example.org")), "example.org.evil.com"))
                .isFalse();
        assertThatThrownBy(() -> httpGet.call(context, "{\"url\":\"file:///etc/passwd\"}"))
                .isInstanceOf(ToolFailed.class);
        assertThat(owner.client().put("/api/workspaces/" + workspace + "/tool-settings",
                Map.of("httpAllowedHosts", List.of("https://x.org/path"))).problemType()).isEqualTo("/problems/invalid-host");
    }

    @Test
    @Tag("SC-02")
    @DisplayName("workspace_files keeps a session's files sealed at rest, within size limits")
    void workspaceFiles() {
        SignedIn owner = signUp("File Owner");
        UUID workspace = createWorkspace(owner, "Files");
        UUID session = UUID.randomUUID();
        var context = new ToolContext(new WorkspaceId(workspace), session, new PersonId(owner.personId()));

        assertThat(files.call(context, "{\"action\":\"write\",\"path\":\"notes/plan.md\",\"content\":\"WOMBAT plan\"}"))
                .startsWith("Wrote 11 bytes");
        assertThat(files.call(context, "{\"action\":\"read\",\"path\":\"notes/plan.md\"}")).isEqualTo("WOMBAT plan");
        assertThat(files.call(context, "{\"action\":\"list\"}")).isEqualTo("notes/plan.md (11 bytes)");
        byte[] stored = asOwner().sql("SELECT content FROM session_files WHERE session_id = :s").param("s", session)
                .query((rs, n) -> rs.getBytes(1)).single();
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("WOMBAT");

        var otherSession = new ToolContext(new WorkspaceId(workspace), UUID.randomUUID(), context.person());
        assertThatThrownBy(() -> files.call(otherSession, "{\"action\":\"read\",\"path\":\"notes/plan.md\"}"))
                .isInstanceOf(ToolFailed.class);
        assertThatThrownBy(() -> files.call(context, "{\"action\":\"read\",\"path\":\"../../etc/passwd\"}"))
                .isInstanceOf(ToolFailed.class).hasMessageContaining("relative path");
        String tooBig = "x".repeat(SessionFiles.MAX_FILE_BYTES + 1);
        assertThatThrownBy(() -> files.call(context, "{\"action\":\"write\",\"path\":\"big\",\"content\":\"" + tooBig
                + "\"}")).isInstanceOf(ToolFailed.class).hasMessageContaining("at most");
        assertThat(files.call(context, "{\"action\":\"read\",\"path\":\"notes/plan.md\"}"))
                .as("a refused write changes nothing").isEqualTo("WOMBAT plan");
    }
}
