package dev.custos.support;

import dev.custos.fakes.FakeModelProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** A test of Custos in front of a fake model provider on a real port, started for the test class. */
public abstract class FakeProviderTest extends CustosIntegrationTest {

    protected static FakeModelProvider fake;

    @BeforeAll
    static void startFake() throws Exception {
        fake = FakeModelProvider.start();
    }

    @AfterAll
    static void stopFake() {
        fake.close();
    }

    /** An agent on the fake's slow model (a chunk every 200 ms), its provider allowed in the workspace; its id. */
    protected String slowAgent(SignedIn owner, java.util.UUID workspace) {
        Registered provider = registerProvider("openai-compatible", fake.baseUrl(), true, "slow");
        allowProvider(owner, workspace, provider.id());
        var created = owner.client().post("/api/workspaces/" + workspace + "/agents", java.util.Map.of("name",
                "Slow", "instructions", "Be thorough.", "model", provider.name() + "/slow"));
        org.assertj.core.api.Assertions.assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.text("id");
    }
}
