package dev.custos.analytics;

import java.util.List;
import java.util.Map;

import dev.custos.support.CustosIntegrationTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The terminal client's telemetry follows the rules of product analytics: recorded only while the person's consent
 * stands and no objection of theirs does, as counts with no person, and only in the shapes the policy names.
 */
class ClientTelemetryTest extends CustosIntegrationTest {

    private static final String REPORT = "/api/me/client-telemetry";

    private static Map<String, Object> report(String command, String error) {
        return Map.of("client", "custos-cli", "version", "0.1.0", "os", "linux", "arch", "amd64",
                "commands", List.of(Map.of("command", command, "durationMs", 1200, "outcome",
                        error.isEmpty() ? "ok" : "failed", "error", error)));
    }

    private long counted(String command) {
        return installationAdmin().client().get("/api/admin/client-telemetry").json().valueStream()
                .filter(count -> count.path("command").asString().equals(command))
                .mapToLong(count -> count.path("runs").asLong()).sum();
    }

    private static Map<String, Object> consent(boolean given) {
        return Map.of("purpose", "product_analytics", "given", given, "noticeVersion", "cli-telemetry-1");
    }

    @Test
    @Tag("DR-07")
    @DisplayName("telemetry is counted only while the person's consent to product analytics stands: not before it, "
            + "not after its withdrawal; counts name nobody")
    void onlyWithConsent() {
        SignedIn person = signUp("Telemetry Consent");
        assertThat(person.client().post(REPORT, report("agents list", "")).problemType())
                .isEqualTo("/problems/telemetry-not-allowed");
        assertThat(counted("agents list")).isZero();

        assertThat(person.client().post("/api/privacy/consents", consent(true)).status()).isEqualTo(200);
        var accepted = person.client().post(REPORT, report("agents list", ""));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        person.client().post(REPORT, report("sessions show", "not-found"));
        assertThat(counted("agents list")).isEqualTo(1);
        assertThat(counted("sessions show")).isEqualTo(1);
        assertThat(asOwner().sql("SELECT to_jsonb(t)::text FROM client_telemetry_days t").query(String.class).list()
                .toString()).doesNotContain(person.personId().toString(), person.email());

        assertThat(person.client().post("/api/privacy/consents", consent(false)).status()).isEqualTo(200);
        assertThat(person.client().post(REPORT, report("agents list", "")).problemType())
                .isEqualTo("/problems/telemetry-not-allowed");
        assertThat(counted("agents list")).as("nothing after the withdrawal").isEqualTo(1);
        assertThat(person.client().get("/api/admin/client-telemetry").status()).isEqualTo(403);
    }

    @Test
    @Tag("DR-06")
    @DisplayName("an objection to product analytics stops the client's telemetry, whatever consent was given")
    void anObjectionStopsIt() {
        SignedIn person = signUp("Telemetry Objection");
        person.client().post("/api/privacy/consents", consent(true));
        assertThat(person.client().post(REPORT, report("usage", "")).status()).isEqualTo(202);
        assertThat(person.client().post("/api/privacy/objections", Map.of("purpose", "product_analytics")).status())
                .isEqualTo(201);
        assertThat(person.client().post(REPORT, report("usage", "")).problemType())
                .isEqualTo("/problems/telemetry-not-allowed");
        assertThat(counted("usage")).isEqualTo(1);
    }

    @Test
    @DisplayName("a report carrying a path, an argument or a message is refused whole")
    void onlyThePolicysShapes() {
        SignedIn person = signUp("Telemetry Shapes");
        person.client().post("/api/privacy/consents", consent(true));
        for (Map<String, Object> bad : List.of(report("run /home/ada/notes.txt", ""),
                report("run", "could not read /home/ada/.env"), report("knowledge add", "Ada's file"))) {
            assertThat(person.client().post(REPORT, bad).problemType()).as(bad.toString())
                    .isEqualTo("/problems/telemetry-invalid");
        }
        assertThat(counted("run")).isZero();
    }
}
