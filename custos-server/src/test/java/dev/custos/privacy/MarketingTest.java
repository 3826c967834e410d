package dev.custos.privacy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import dev.custos.fakes.FakeSmtpServer;
import dev.custos.support.CustosIntegrationTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Product news only to those who consented, each message with a working one-click unsubscribe (GV-05). */
class MarketingTest extends CustosIntegrationTest {

    private int audience(SignedIn admin) {
        var answer = admin.client().get("/api/admin/marketing/audience");
        assertThat(answer.status()).isEqualTo(200);
        return answer.json().path("recipients").asInt();
    }

    private static void consent(SignedIn person, boolean given) {
        assertThat(person.client().post("/api/privacy/consents", Map.of("purpose", "marketing_email", "given", given,
                "noticeVersion", "2026-01")).status()).isEqualTo(200);
    }

    private static HttpResponse<String> post(String url, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Tag("GV-05")
    @DisplayName("news reaches only those whose consent is given; its List-Unsubscribe link works in one click "
            + "without a sign-in, once, names nobody, and is recorded as a withdrawal of consent")
    void onlyWithConsent() throws Exception {
        SignedIn admin = signUpAsInstallationAdmin("News Admin");
        SignedIn reader = signUp("News Reader");
        SignedIn silent = signUp("No News");
        SignedIn changed = signUp("Changed Mind");
        int before = audience(admin);
        consent(reader, true);
        consent(changed, true);
        consent(changed, false);
        assertThat(audience(admin)).as("what the composer shows").isEqualTo(before + 1);

        var sent = admin.client().post("/api/admin/marketing/messages", Map.of("subject", "What is new in Custos",
                "body", "Agents can now read your handbook."));
        assertThat(sent.status()).as(sent.body()).isEqualTo(201);
        assertThat(sent.json().path("recipients").asInt()).isEqualTo(before + 1);
        FakeSmtpServer.Message news = MAIL.await(m -> m.to().contains(reader.email())
                && m.header("Subject").orElse("").contains("What is new"), Duration.ofSeconds(10));
        assertThat(news.header("List-Unsubscribe-Post")).contains("List-Unsubscribe=One-Click");
        String header = news.header("List-Unsubscribe").orElseThrow();
        assertThat(header).startsWith("<" + ORIGIN + "/unsubscribe/").endsWith(">");
        String link = header.substring(1, header.length() - 1);
        assertThat(link).doesNotContain(reader.personId().toString()).doesNotContain(reader.email())
                .doesNotContain("News");
        assertThat(MAIL.received()).noneMatch(m -> (m.to().contains(silent.email()) || m.to().contains(
                changed.email())) && m.header("Subject").orElse("").contains("What is new"));

        String local = "http://127.0.0.1:" + port + link.substring(ORIGIN.length());
        var page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(local)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(audience(admin)).as("opening the link changes nothing").isEqualTo(before + 1);
        assertThat(post(local, "List-Unsubscribe=One-Click").statusCode()).isEqualTo(200);
        assertThat(audience(admin)).isEqualTo(before);
        var consents = reader.client().get("/api/privacy/consents").json();
        var last = consents.path("history").get(consents.path("history").size() - 1);
        assertThat(last.path("purpose").asString()).isEqualTo("marketing_email");
        assertThat(last.path("given").asBoolean()).isFalse();
        assertThat(last.path("source").asString()).isEqualTo("unsubscribe");
        assertThat(post(local, "List-Unsubscribe=One-Click").statusCode()).as("works once").isEqualTo(410);
        assertThat(post("http://127.0.0.1:" + port + "/unsubscribe/" + "A".repeat(43), "List-Unsubscribe=One-Click")
                .statusCode()).isEqualTo(410);

        assertThat(reader.client().get("/api/admin/marketing/audience").status()).isEqualTo(403);
        assertThat(reader.client().post("/api/admin/marketing/messages", Map.of("subject", "Spam", "body", "x"))
                .status()).isEqualTo(403);
    }
}
