package dev.custos.keys;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.time.Duration;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The master key every other key is wrapped in: made once, owner-only, and the same at every start. */
class MasterKeyTest {

    @TempDir
    Path directory;

    private static KeysProperties at(Path file) {
        return new KeysProperties(null, file, null, Duration.ofSeconds(10));
    }

    @Test
    @Tag("SC-02")
    @DisplayName("a first start makes the key in a folder and file only Custos's user can read; later starts use it")
    void madeOnceOwnerOnly() throws Exception {
        Path file = directory.resolve("keys").resolve("master-key.json");
        MasterKey first = MasterKey.load(at(file));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");
        byte[] sealed = first.aead().encrypt("secret".getBytes(StandardCharsets.UTF_8), new byte[0]);
        String stored = Files.readString(file);
        MasterKey again = MasterKey.load(at(file));
        assertThat(Files.readString(file)).as("not made again").isEqualTo(stored);
        assertThat(new String(again.aead().decrypt(sealed, new byte[0]), StandardCharsets.UTF_8)).isEqualTo("secret");
        try (var left = Files.list(file.getParent())) {
            assertThat(left).as("no temporary file left behind").containsExactly(file);
        }
    }

    @Test
    @Tag("SC-02")
    @DisplayName("a key given inline is used as it is; a file that is not a keyset is refused, not replaced")
    void inlineKeyAndBadFile() throws Exception {
        Path file = directory.resolve("master-key.json");
        MasterKey made = MasterKey.load(at(file));
        MasterKey inline = MasterKey.load(new KeysProperties(Files.readString(file), directory.resolve("unused.json"),
                null, Duration.ofSeconds(10)));
        byte[] sealed = made.aead().encrypt(new byte[] {1, 2, 3}, new byte[0]);
        assertThat(inline.aead().decrypt(sealed, new byte[0])).containsExactly(1, 2, 3);
        assertThat(directory.resolve("unused.json")).doesNotExist();

        Path broken = directory.resolve("broken.json");
        Files.writeString(broken, "{\"not\": \"a keyset\"}");
        assertThatThrownBy(() -> MasterKey.load(at(broken))).isInstanceOf(RuntimeException.class)
                .hasMessageNotContaining("keyset\": ");
        assertThat(Files.readString(broken)).isEqualTo("{\"not\": \"a keyset\"}");
        assertThatThrownBy(() -> made.aead().decrypt(sealed, "other".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(GeneralSecurityException.class);
    }
}
