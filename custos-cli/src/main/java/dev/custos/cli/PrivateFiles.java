package dev.custos.cli;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The client's own files in its configuration directory: readable by their owner only (600, in a directory of
 * 700), and replaced whole, never left half-written.
 */
final class PrivateFiles {

    private PrivateFiles() {
    }

    /** Writes {@code content} to {@code name} in {@code directory}, so no other user can read it, not even briefly. */
    static void write(Path directory, String name, String content) throws IOException {
        Files.createDirectories(directory);
        posix(directory, "rwx------");
        Path temporary = directory.resolve(name + ".tmp");
        Files.deleteIfExists(temporary);
        try {
            Files.createFile(temporary,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException | FileAlreadyExistsException e) {
            Files.writeString(temporary, "");
        }
        Files.writeString(temporary, content);
        Files.move(temporary, directory.resolve(name), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    private static void posix(Path path, String permissions) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the user's profile directory protects it
        }
    }
}
