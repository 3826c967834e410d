package dev.custos.privacy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.custos.support.CustosIntegrationTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PolicyVersionTest extends CustosIntegrationTest {

    @Test
    @Tag("GV-02")
    @DisplayName("a material change of the policy is announced to everyone, in the app and by email, and who "
            + "accepted which version is recorded")
    void materialChangeAndAcceptance() {
        SignedIn person = signUp("Policy Reader");
        SignedIn admin = installationAdmin();
        // A change to what the policy is generated from: a new recipient.
        var provider = admin.client().post("/api/providers", Map.of("name", "pv-" + UUID.randomUUID().toString()
                .substring(0, 6), "label", "Versioned Models", "kind", "openai", "baseUrl", "https://v.example/v1",
                "apiKey", "sk-policy-version-test", "region", "US", "zeroRetention", true, "mayTrain", false,
                "models", List.of("m")));
        var published = admin.client().post("/api/admin/privacy/policy/versions", Map.of("material", true,
                "summary", "We added a model provider in the US."));
        assertThat(published.status()).as(published.body()).isEqualTo(201);
        String version = published.text("version");
        assertThat(admin.client().post("/api/admin/privacy/policy/versions", Map.of("material", true,
                "summary", "again")).problemType()).isEqualTo("/problems/already-published");
        assertThat(person.client().post("/api/admin/privacy/policy/versions", Map.of("material", false,
                "summary", "x")).status()).isEqualTo(403);

        var standing = person.client().get("/api/privacy/policy").json();
        assertThat(standing.path("current").path("version").asString()).isEqualTo(version);
        assertThat(standing.path("acceptanceNeeded").asBoolean()).isTrue();
        assertThat(person.client().get("/api/privacy/notices").body()).contains("Our privacy policy changed (version "
                + version + "): We added a model provider in the US.");
        var mailed = MAIL.await(message -> message.to().contains(person.email())
                && message.data().contains("Our privacy policy changed (version " + version), Duration.ofSeconds(10));
        assertThat(mailed.header("Subject")).as("by email too").hasValue("Custos: privacy policy");
        assertThat(mailed.data()).as("leading to where it is accepted").contains("/settings/privacy");
        assertThat(person.client().get("/settings/privacy").body()).contains("I accept this version");
        assertThat(person.client().postForm("/settings/privacy/policy", Map.of("version", version)).body())
                .contains("You accepted the privacy policy, version " + version);

        assertThat(person.client().post("/api/privacy/policy/acceptance", Map.of("version", "stale")).problemType())
                .isEqualTo("/problems/not-current");
        var accepted = person.client().post("/api/privacy/policy/acceptance", Map.of("version", version)).json();
        assertThat(accepted.path("accepted").asBoolean()).isTrue();
        assertThat(accepted.path("acceptanceNeeded").asBoolean()).isFalse();
        assertThat(asOwner().sql("SELECT count(*) FROM policy_acceptances WHERE person_id = :p AND version = :v")
                .param("p", person.personId()).param("v", version).query(Long.class).single()).isEqualTo(1);
        assertThat(asOwner().sql("SELECT markdown FROM policy_versions WHERE version = :v").param("v", version)
                .query(String.class).single()).contains("Versioned Models");
        admin.client().delete("/api/providers/" + provider.text("id"));
    }
}
