package dev.custos.backup;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The backup directory: files named by kind and time ({@code custos-database-20261203T030000123Z.backup}), written
 * whole or not at all (a temporary file, flushed to disk, then renamed), readable by Custos's user alone.
 */
final class BackupFiles {

    interface Contents {
        void writeTo(OutputStream out) throws IOException;
    }

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final Pattern NAME = Pattern.compile("custos-(database|keys)-(\\d{8}T\\d{9}Z)\\.backup");

    private final Path directory;

    BackupFiles(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
    }

    Path directory() {
        return directory;
    }

    Path path(String name) {
        return directory.resolve(name);
    }

    /** Writes a backup of {@code kind} taken at {@code at}; it appears under its name only once it is on disk. */
    BackupFile write(BackupFile.Kind kind, Instant at, Contents contents) throws IOException {
        ensureDirectory();
        String name = "custos-" + kind.label + "-" + STAMP.format(at) + ".backup";
        Path temporary = Files.createTempFile(directory, ".writing-", ".part",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            try (OutputStream out = Files.newOutputStream(temporary)) {
                contents.writeTo(out);
            }
            try (FileChannel written = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                written.force(true);
            }
            Path target = directory.resolve(name);
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            try (FileChannel folder = FileChannel.open(directory, StandardOpenOption.READ)) {
                folder.force(true); // the rename itself survives a crash
            }
            return new BackupFile(kind, name, at, Files.size(target));
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Every backup in the directory, newest first. */
    List<BackupFile> list() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<BackupFile> files = new ArrayList<>();
        try (Stream<Path> entries = Files.list(directory)) {
            entries.forEach(path -> parse(path).ifPresent(files::add));
        } catch (IOException e) {
            throw new UncheckedIOException("The backup directory cannot be read", e);
        }
        files.sort(Comparator.comparing(BackupFile::takenAt).reversed());
        return files;
    }

    /** Deletes the backups older than their kind's keeping time at {@code now}; returns them. */
    List<BackupFile> expire(Instant now, Duration keepDatabase, Duration keepKeys) throws IOException {
        List<BackupFile> expired = new ArrayList<>();
        for (BackupFile file : list()) {
            Duration keep = file.kind() == BackupFile.Kind.DATABASE ? keepDatabase : keepKeys;
            if (!file.takenAt().plus(keep).isAfter(now)) {
                Files.deleteIfExists(directory.resolve(file.name()));
                expired.add(file);
            }
        }
        return expired;
    }

    /** A backup file by its name and size, if it is named as this class names them. */
    static Optional<BackupFile> parse(Path path) {
        Matcher name = NAME.matcher(path.getFileName().toString());
        if (!name.matches() || !Files.isRegularFile(path)) {
            return Optional.empty();
        }
        try {
            var kind = name.group(1).equals("database") ? BackupFile.Kind.DATABASE : BackupFile.Kind.KEY_STORE;
            return Optional.of(new BackupFile(kind, name.group(0), STAMP.parse(name.group(2), Instant::from),
                    Files.size(path)));
        } catch (IOException e) {
            return Optional.empty(); // deleted meanwhile
        }
    }

    private void ensureDirectory() throws IOException {
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
        }
    }
}
