package dev.custos.keys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.UUID;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import dev.custos.platform.WorkspaceId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Data keys: AES-256-GCM, stored only under the master key, and opening for their own subject alone. */
class DataKeysTest {

    private static Aead master;
    private static final WorkspaceId WORKSPACE = new WorkspaceId(UUID.randomUUID());
    private static final UUID SUBJECT = UUID.randomUUID();

    @BeforeAll
    static void masterKey() throws GeneralSecurityException {
        AeadConfig.register();
        master = aead();
    }

    private static Aead aead() throws GeneralSecurityException {
        return KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM)
                .getPrimitive(RegistryConfiguration.get(), Aead.class);
    }

    @Test
    @Tag("SC-02")
    @DisplayName("a data key is an AES-256-GCM keyset, and what it seals opens again only with it")
    void aes256Gcm() throws GeneralSecurityException {
        String stored = DataKeys.generate(master, WORKSPACE, SUBJECT);
        KeysetHandle keyset = TinkJsonProtoKeysetFormat.parseEncryptedKeyset(stored, master,
                ("data-key|" + WORKSPACE + "|" + SUBJECT).getBytes(StandardCharsets.UTF_8));
        assertThat(keyset.size()).isEqualTo(1);
        assertThat(keyset.getPrimary().getKey().getParameters()).isEqualTo(PredefinedAeadParameters.AES256_GCM);

        Aead key = DataKeys.open(stored, master, WORKSPACE, SUBJECT);
        byte[] sealed = key.encrypt("a message".getBytes(StandardCharsets.UTF_8), new byte[0]);
        assertThat(new String(key.decrypt(sealed, new byte[0]), StandardCharsets.UTF_8)).isEqualTo("a message");
        Aead another = DataKeys.open(DataKeys.generate(master, WORKSPACE, SUBJECT), master, WORKSPACE, SUBJECT);
        assertThatThrownBy(() -> another.decrypt(sealed, new byte[0])).isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    @Tag("SC-02")
    @DisplayName("a stored data key holds no key material in the clear, opens only under the master key, and only "
            + "for the workspace and subject it was made for")
    void boundAndWrapped() throws GeneralSecurityException {
        String stored = DataKeys.generate(master, WORKSPACE, SUBJECT);
        assertThat(stored).contains("encryptedKeyset").doesNotContain("\"keyData\"");
        assertThatThrownBy(() -> DataKeys.open(stored, aead(), WORKSPACE, SUBJECT))
                .as("another master key").isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> DataKeys.open(stored, master, WORKSPACE, UUID.randomUUID()))
                .as("another subject").isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> DataKeys.open(stored, master, new WorkspaceId(UUID.randomUUID()), SUBJECT))
                .as("another workspace").isInstanceOf(GeneralSecurityException.class);
    }
}
