package dev.custos.keys;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A backup opens with the master key it was made under, as the kind it was made as, unchanged; with nothing else. */
class BackupEncryptionTest {

    private static final byte[] CONTENT = ("people: ada@example.com, Ada Lovelace; " + "x".repeat(3_000_000))
            .getBytes(StandardCharsets.UTF_8);

    private static KeyWrapping masterKey() throws GeneralSecurityException {
        AeadConfig.register();
        Aead aead = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM)
                .getPrimitive(RegistryConfiguration.get(), Aead.class);
        return () -> aead;
    }

    private static byte[] encrypt(BackupEncryption encryption, String kind) throws IOException {
        var file = new ByteArrayOutputStream();
        try (OutputStream out = encryption.encrypting(file, kind)) {
            out.write(CONTENT);
        }
        return file.toByteArray();
    }

    private static byte[] decrypt(BackupEncryption encryption, byte[] file, String kind) throws IOException {
        try (InputStream in = encryption.decrypting(new ByteArrayInputStream(file), kind)) {
            return in.readAllBytes();
        }
    }

    @Test
    @Tag("RT-05")
    @DisplayName("a backup holds nothing in clear, opens under its own master key only, as its own kind only, and "
            + "not once a byte is changed")
    void backupsAreEncrypted() throws Exception {
        var encryption = new BackupEncryption(masterKey());
        byte[] file = encrypt(encryption, "database");
        assertThat(new String(file, StandardCharsets.ISO_8859_1)).doesNotContain("ada@example.com")
                .doesNotContain("Lovelace").doesNotContain("xxxxxxxx");
        assertThat(decrypt(encryption, file, "database")).isEqualTo(CONTENT);

        assertThatThrownBy(() -> decrypt(new BackupEncryption(masterKey()), file, "database"))
                .isInstanceOf(BackupEncryption.BackupUnreadable.class).hasMessageContaining("another master key");
        assertThatThrownBy(() -> decrypt(encryption, file, "key store"))
                .isInstanceOf(BackupEncryption.BackupUnreadable.class);
        byte[] changed = file.clone();
        changed[changed.length / 2] ^= 0x20;
        assertThatThrownBy(() -> decrypt(encryption, changed, "database")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> decrypt(encryption, "not a backup".getBytes(StandardCharsets.UTF_8), "database"))
                .isInstanceOf(BackupEncryption.BackupUnreadable.class).hasMessageContaining("not a Custos backup");
    }
}
