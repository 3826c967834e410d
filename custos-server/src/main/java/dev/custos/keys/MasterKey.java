package dev.custos.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key that wraps every data key, unless a KMS adapter ({@link KeyWrapping}) is declared. Read from
 * configuration or a file; a fresh installation gets a new one written next to its data.
 */
class MasterKey implements KeyWrapping {

    private static final Logger log = LoggerFactory.getLogger(MasterKey.class);

    private final Aead aead;

    static MasterKey load(KeysProperties properties) {
        try {
            return new MasterKey(properties);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The master key cannot be read: it is not a valid Tink keyset", e);
        }
    }

    private MasterKey(KeysProperties properties) throws GeneralSecurityException {
        AeadConfig.register();
        KeysetHandle keyset = properties.masterKey() != null && !properties.masterKey().isBlank()
                ? TinkJsonProtoKeysetFormat.parseKeyset(properties.masterKey(), InsecureSecretKeyAccess.get())
                : fromFile(properties.masterKeyFile());
        this.aead = keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
    }

    @Override
    public Aead aead() {
        return aead;
    }

    private static KeysetHandle fromFile(Path file) throws GeneralSecurityException {
        try {
            if (Files.exists(file)) {
                return TinkJsonProtoKeysetFormat.parseKeyset(Files.readString(file, StandardCharsets.UTF_8),
                        InsecureSecretKeyAccess.get());
            }
            KeysetHandle created = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
            Path folder = file.toAbsolutePath().getParent();
            if (!Files.exists(folder)) {
                // owner-only from the start: the key and the database beside it are nobody else's
                Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            }
            Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), "master-key", ".tmp");
            try {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the directory's own protection has to do
            }
            Files.writeString(temporary, TinkJsonProtoKeysetFormat.serializeKeyset(created,
                    InsecureSecretKeyAccess.get()), StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            log.warn("Created a new master key at {}. Back it up apart from the database: without it, sealed "
                    + "content cannot be read.", file.toAbsolutePath());
            return created;
        } catch (IOException e) {
            throw new UncheckedIOException("The master key file " + file + " cannot be read or written", e);
        }
    }
}
