package dev.custos.keys;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import dev.custos.support.CustosIntegrationTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** An installation that keeps its master key in a KMS declares an adapter; Custos then wraps every key with it. */
@SecondInstallation
class KmsAdapterTest extends CustosIntegrationTest {

    @Autowired
    private SecondInstallation.RemoteKms kms;

    @Test
    @DisplayName("with a KMS adapter declared, data keys are wrapped by it and no master key file is made")
    void keysAreWrappedByTheKms() {
        SignedIn person = signUp("KMS Person");
        UUID workspace = createWorkspace(person, "Wrapped by the KMS");
        int before = kms.calls.get();
        String session = runSession(person, workspace, createOfflineAgent(person, workspace), "sealed, KESTREL");
        assertThat(kms.calls.get()).as("new data keys wrapped by the KMS").isGreaterThan(before);
        assertThat(person.client().get(session).body()).as("and opened again").contains("KESTREL");
        assertThat(Files.exists(Path.of(SecondInstallation.MASTER_KEY_FILE))).isFalse();
    }
}
