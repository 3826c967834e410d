package dev.custos.platform.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.custos.platform.Secrets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.FileSystemUtils;

/**
 * The embedded server's data directory: made complete or not at all, and holding the roles' generated passwords
 * (the only place they are kept), readable by the owner alone.
 */
final class DataDirectory {

    private static final Logger log = LoggerFactory.getLogger(DataDirectory.class);
    /** Generated role passwords live here, inside the data directory, readable by the owner alone. */
    static final String PASSWORDS = "custos-passwords";

    private DataDirectory() {
    }

    /**
     * initdb into a scratch folder that becomes the data directory only once complete, with its secrets. A folder
     * that exists without being a data directory is left alone unless it is empty: it may hold someone's files.
     */
    static void initialize(PostgresPrograms programs, Path data, String superuser) throws IOException {
        if (Files.isDirectory(data)) {
            try (var entries = Files.list(data)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalStateException(data + " holds files but no PostgreSQL data directory; Custos "
                            + "will not overwrite it. Empty it, or set custos.database.data-directory elsewhere");
                }
            }
            Files.delete(data);
        }
        Path scratch = Files.createTempDirectory(data.getParent(), ".initdb-");
        try {
            String password = Secrets.random(40);
            Path passwordFile = scratch.resolve("superuser");
            OwnerOnly.writeSecret(passwordFile, password);
            Path newData = scratch.resolve("data");
            programs.initdb(newData, superuser, passwordFile);
            Files.createDirectory(newData.resolve(PASSWORDS));
            OwnerOnly.set700(newData.resolve(PASSWORDS));
            OwnerOnly.writeSecret(newData.resolve(PASSWORDS).resolve(superuser), password);
            Files.move(scratch.resolve("data"), data);
            log.info("Created a new PostgreSQL data directory in {}", data);
        } finally {
            FileSystemUtils.deleteRecursively(scratch);
        }
    }

    /**
     * The superuser's password, kept inside the data directory and nowhere else. A data directory made before
     * Custos set passwords (its roles were trusted) gets one here, through single-user mode: no connection is
     * possible while it is set.
     */
    static String superuserPassword(PostgresPrograms programs, Path data, String superuser)
            throws IOException {
        Path folder = data.resolve(PASSWORDS);
        Path file = folder.resolve(superuser);
        if (Files.exists(file)) {
            return OwnerOnly.readSecret(file);
        }
        if (!Files.exists(folder)) {
            Files.createDirectory(folder);
        }
        OwnerOnly.set700(folder);
        String password = Secrets.random(40);
        programs.singleUser("ALTER ROLE " + superuser + " PASSWORD '" + password + "';");
        OwnerOnly.writeSecret(file, password);
        log.warn("The embedded database's superuser had no password; one was generated and kept in {}", folder);
        return password;
    }

    static String rolePassword(Path data, String role) throws IOException {
        Path file = data.resolve(PASSWORDS).resolve(role);
        if (!Files.exists(file)) {
            OwnerOnly.writeSecret(file, Secrets.random(40));
        }
        return OwnerOnly.readSecret(file);
    }
}
