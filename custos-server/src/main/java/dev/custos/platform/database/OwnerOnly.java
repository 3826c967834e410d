package dev.custos.platform.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Files and folders that only the OS user running Custos may open: the embedded database's programs, its data and
 * the generated role passwords. Nothing here follows a symbolic link another user could have planted.
 */
final class OwnerOnly {

    private OwnerOnly() {
    }

    /** Creates the folder (and missing parents) as 0700, or tightens an existing one of ours to 0700. */
    static void directory(Path directory) throws IOException {
        Path absolute = createIfMissing(directory);
        requireOwned(absolute);
        set700(absolute);
    }

    /** Creates a missing folder as 0700; an existing one (an operator's choice, such as /var/lib) stays as it is. */
    static Path createIfMissing(Path directory) throws IOException {
        Path absolute = directory.toAbsolutePath().normalize();
        if (!Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(absolute.getParent());
            Files.createDirectory(absolute, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        return absolute;
    }

    /** Refuses a path that is a link or belongs to another OS user: we would be trusting their files. */
    static void requireOwned(Path path) throws IOException {
        if (Files.isSymbolicLink(path)) {
            throw new IOException(path + " is a symbolic link; Custos keeps its database files only in real folders");
        }
        int owner = (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        if (owner != currentUid()) {
            throw new IOException(path + " belongs to another OS user (uid " + owner + "); Custos will not use it");
        }
    }

    static void set700(Path directory) {
        try {
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a secret readable by the owner alone; the file never exists with wider permissions. */
    static void writeSecret(Path file, String secret) throws IOException {
        Path temporary = Files.createTempFile(file.getParent(), ".secret-", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temporary, secret, StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    static String readSecret(Path file) throws IOException {
        requireOwned(file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return Files.readString(file, StandardCharsets.UTF_8).strip();
    }

    /** This process's user id, as the kernel sees it (the owner of what it creates). */
    static int currentUid() throws IOException {
        return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    }
}
