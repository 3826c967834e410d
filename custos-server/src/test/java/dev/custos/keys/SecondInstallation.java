package dev.custos.keys;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.security.GeneralSecurityException;
import java.util.concurrent.atomic.AtomicInteger;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * A second installation, set up unlike the shared one: its master key held by a KMS (a stand-in that counts
 * every use) and deleted accounts kept the full 30 days. Every test class that needs one of these runs on it,
 * so the suite starts one more server for all of them instead of one per class.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@TestPropertySource(properties = {
        "custos.database.data-directory=target/test-postgres-second",
        "custos.keys.master-key-file=" + SecondInstallation.MASTER_KEY_FILE,
        "custos.privacy.erasure-grace=30d"})
@Import(SecondInstallation.WithKms.class)
public @interface SecondInstallation {

    /** Where a master key file would be: a KMS installation never makes one. */
    String MASTER_KEY_FILE = "target/test-keys-second/master-key.json";

    /** Stands in for a KMS's remote Aead: the key stays in here, and every use is counted. */
    final class RemoteKms implements KeyWrapping {
        public final AtomicInteger calls = new AtomicInteger();
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
    class WithKms {
        @Bean
        RemoteKms remoteKms() throws GeneralSecurityException {
            return new RemoteKms();
        }
    }
}
