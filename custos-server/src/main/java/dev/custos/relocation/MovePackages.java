package dev.custos.relocation;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

import dev.custos.platform.WorkspaceId;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Where a workspace's package waits, owner-only, between being taken and being downloaded by the administrator; it
 * goes when the move completes or is called off. Sealed under a key that is not kept here, it opens nowhere.
 */
@Component
class MovePackages {

    private final Path directory;

    MovePackages(@Value("${custos.relocation.directory:./moves}") Path directory) {
        this.directory = directory;
    }

    Path path(WorkspaceId workspace) {
        return directory.resolve(workspace + ".custos-move");
    }

    OutputStream create(WorkspaceId workspace) throws IOException {
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
        }
        Path file = path(workspace);
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        return Files.newOutputStream(file, StandardOpenOption.TRUNCATE_EXISTING);
    }

    InputStream open(WorkspaceId workspace) throws IOException {
        return Files.newInputStream(path(workspace));
    }

    boolean exists(WorkspaceId workspace) {
        return Files.isRegularFile(path(workspace));
    }

    void delete(WorkspaceId workspace) throws IOException {
        Files.deleteIfExists(path(workspace));
    }
}
