package dev.custos.privacy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.custos.support.CustosIntegrationTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Settings → Your data, the erasure status page and the administrators' queue, driven as a browser would. */
class PrivacyPagesTest extends CustosIntegrationTest {

    @Test
    @Tag("DR-02")
    @DisplayName("from Settings → Your data a person downloads their export, objects to analytics, deletes their "
            + "account and sees the deletion completed; administrators see the queue with deadlines")
    void yourDataInTheApp() throws Exception {
        SignedIn person = signUp("Page Data Person");
        var page = person.client().get("/settings/data");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Your data", "Prepare my export", "Delete my account");
        assertThat(person.client().get("/").body()).contains("/settings/data");

        var wrong = person.client().postForm("/settings/data/export", Map.of("password", "not it"));
        assertThat(wrong.body()).contains("The password is not correct").doesNotContain("download the zip");
        var ready = person.client().postForm("/settings/data/export", Map.of("password", PASSWORD));
        Matcher link = Pattern.compile("href=\"(/api/privacy/exports/[^\"]+)\"").matcher(ready.body());
        assertThat(link.find()).as(ready.body()).isTrue();
        String export = new String(downloadZip(person, link.group(1)).get("custos-export.json"), StandardCharsets.UTF_8);
        assertThat(export).contains(person.email());

        var objected = person.client().postForm("/settings/data/analytics", Map.of("object", "true"));
        assertThat(objected.body()).contains("Product analytics stopped for you", "Allow product analytics again");

        assertThat(person.client().postForm("/settings/data/erasure", Map.of("password", PASSWORD)).body())
                .as("not without the confirmation").contains("Tick the box");
        assertThat(person.client().get("/api/me").status()).isEqualTo(200);
        var erased = person.client().postForm("/settings/data/erasure", Map.of("password", PASSWORD,
                "confirm", "true"));
        assertThat(erased.status()).isEqualTo(302);
        String status = erased.headers().firstValue("Location").orElseThrow().replaceFirst("^https?://[^/]+", "");
        assertThat(status).startsWith("/privacy/erasures/");
        assertThat(person.client().get("/api/me").status()).isEqualTo(401);
        await().until(() -> anonymous().get(status).body().contains("Done: your account and your data were erased"));
        assertThat(anonymous().get(status).body()).doesNotContain(person.email(), "Page Data Person");
        assertThat(anonymous().get("/privacy/erasures/" + UUID.randomUUID()).status()).isEqualTo(404);

        SignedIn asker = signUp("Page Access Asker"); // an open request, with its deadline, of this test's own
        String open = asker.client().post("/api/privacy/requests", Map.of("kind", "access", "password", PASSWORD))
                .text("id");
        SignedIn admin = installationAdmin();
        assertThat(admin.client().get("/").body()).contains("/admin/privacy/requests");
        var queue = admin.client().get("/admin/privacy/requests?all=true");
        assertThat(queue.status()).isEqualTo(200);
        assertThat(queue.body()).contains("Privacy requests", status.substring(status.lastIndexOf('/') + 1), open,
                "days left");
        SignedIn other = signUp("Not An Admin");
        assertThat(other.client().get("/admin/privacy/requests").status()).isEqualTo(403);
        assertThat(other.client().get("/").body()).doesNotContain("/admin/privacy/requests");
    }
}
