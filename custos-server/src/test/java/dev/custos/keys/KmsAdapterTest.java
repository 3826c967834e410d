package dev.custos.keys;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import dev.custos.support.CustosIntegrationTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** An installation that keeps its master key in a KMS declares an adapter; Custos then wraps every key with it. */
// Its own server: closed after this class, while the JVM and its database still run.
@DirtiesContext
@TestPropertySource(properties = {
        "custos.database.data-directory=target/test-postgres-kms",
        "custos.keys.master-key-file=target/test-keys-kms/master-key.json"})
class KmsAdapterTest extends CustosIntegrationTest {

    /** Stands in for a KMS's remote Aead: the key stays in here, and every use is counted. */
    static final class RemoteKms implements KeyWrapping {
        final AtomicInteger calls = new AtomicInteger();
        private final Aead inside;

        RemoteKms() throws GeneralSecurityException {
            AeadConfig.register();
            inside = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM)
                    .getPrimitive(RegistryConfiguration.get(), Aead.class);
        }

        @Override
        public Aead aead() {
            return new Aead() {
                @Override
                public byte[] encrypt(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException {
                    calls.incrementAndGet();
                    return inside.encrypt(plaintext, associatedData);
                }

                @Override
                public byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException {
                    calls.incrementAndGet();
                    return inside.decrypt(ciphertext, associatedData);
                }
            };
        }
    }

    @TestConfiguration
    static class WithKms {
        @Bean
        RemoteKms remoteKms() throws GeneralSecurityException {
            return new RemoteKms();
        }
    }

    @Autowired
    private RemoteKms kms;

    @Test
    @DisplayName("with a KMS adapter declared, data keys are wrapped by it and no master key file is made")
    void keysAreWrappedByTheKms() {
        SignedIn person = signUp("KMS Person");
        UUID workspace = createWorkspace(person, "Wrapped by the KMS");
        int before = kms.calls.get();
        String session = runSession(person, workspace, createOfflineAgent(person, workspace), "sealed, KESTREL");
        assertThat(kms.calls.get()).as("new data keys wrapped by the KMS").isGreaterThan(before);
        assertThat(person.client().get(session).body()).as("and opened again").contains("KESTREL");
        assertThat(Files.exists(Path.of("target/test-keys-kms/master-key.json"))).isFalse();
    }
}
