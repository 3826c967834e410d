package dev.custos.platform.database;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.FileSystemUtils;
import org.tukaani.xz.XZInputStream;

/**
 * The PostgreSQL programs the embedded server runs, unpacked from the binaries jar into a folder only this OS user
 * can write to. A folder others could write to (the library's default was a shared one under /tmp) would let one
 * user plant programs that another user's Custos then runs.
 */
final class PostgresBinaries {

    private static final Logger log = LoggerFactory.getLogger(PostgresBinaries.class);
    private static final String ARCHIVE = "/postgres-linux-x86_64.txz";
    private static final String COMPLETE = ".complete";
    private static final Set<PosixFilePermission> EXECUTABLE = PosixFilePermissions.fromString("r-x------");
    private static final Set<PosixFilePermission> READABLE = PosixFilePermissions.fromString("r--------");

    private PostgresBinaries() {
    }

    /** The unpacked installation's root (with {@code bin/postgres}), unpacking it first if needed. */
    static Path unpacked(Path directory) {
        try {
            OwnerOnly.directory(directory);
            byte[] archive = archive();
            Path target = directory.resolve("postgresql-" + digest(archive));
            if (Files.exists(target.resolve(COMPLETE))) {
                OwnerOnly.requireOwned(target);
                return target;
            }
            Path scratch = Files.createTempDirectory(directory, ".unpacking-");
            try {
                unpack(archive, scratch);
                Files.createFile(scratch.resolve(COMPLETE), PosixFilePermissions.asFileAttribute(READABLE));
                try {
                    Files.move(scratch, target, StandardCopyOption.ATOMIC_MOVE);
                    log.info("Unpacked PostgreSQL into {}", target);
                } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                    // another process unpacked the same binaries first: theirs are as good as ours
                } catch (IOException e) {
                    if (!Files.exists(target.resolve(COMPLETE))) {
                        throw e;
                    }
                }
            } finally {
                FileSystemUtils.deleteRecursively(scratch);
            }
            OwnerOnly.requireOwned(target);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not unpack PostgreSQL into " + directory, e);
        }
    }

    private static byte[] archive() throws IOException {
        try (InputStream in = PostgresBinaries.class.getResourceAsStream(ARCHIVE)) {
            if (in == null) {
                throw new IllegalStateException("The PostgreSQL binaries (" + ARCHIVE + ") are not on the class path; "
                        + "the embedded database runs on Linux x86-64 only. Give Custos a server by URL instead.");
            }
            return in.readAllBytes();
        }
    }

    private static String digest(byte[] archive) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(archive)).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static void unpack(byte[] archive, Path into) throws IOException {
        Path root = into.toAbsolutePath().normalize();
        try (var tar = new TarArchiveInputStream(new XZInputStream(new ByteArrayInputStream(archive)))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                Path path = root.resolve(entry.getName()).normalize();
                if (!path.startsWith(root)) {
                    throw new IOException("The PostgreSQL archive names a path outside its folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(path.getParent());
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else if (entry.isFile()) {
                    Files.createDirectories(path.getParent());
                    Files.copy(tar, path);
                    Files.setPosixFilePermissions(path, (entry.getMode() & 0100) != 0 ? EXECUTABLE : READABLE);
                }
            }
        }
        Files.walk(root).filter(Files::isDirectory).forEach(OwnerOnly::set700);
    }
}
