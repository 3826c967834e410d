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
}
