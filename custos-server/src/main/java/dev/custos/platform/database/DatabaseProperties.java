package dev.custos.platform.database;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where Custos keeps its data. With no {@code url}, Custos runs its own PostgreSQL under {@code dataDirectory}.
 *
 * @param url               JDBC URL of an external PostgreSQL server; empty means embedded
 * @param username          the owner role: runs migrations and owns the tables (never serves requests)
 * @param password          the owner role's password on an external server; the embedded server generates its
 *                          own and keeps it inside its data directory
 * @param appUsername       the role requests run as: owns nothing, cannot bypass row-level security
 * @param appPassword       that role's password on an external server (the embedded server generates it too)
 * @param dataDirectory     where the embedded server keeps its files (owner-only)
 * @param binariesDirectory where the embedded server's programs are unpacked (owner-only); by default the user's
 *                          cache, ~/.cache/custos
 * @param port              the embedded server's port on 127.0.0.1; 0 picks a free one
 * @param durable           the embedded server flushes every commit to disk before acknowledging it; turning it
 *                          off loses acknowledged writes on a crash (tests only, for speed)
 * @param cleanOnStart      wipe the embedded data directory at start (tests only)
 * @param poolSize          connections in the application pool
 * @param sharedBuffers     the embedded server's cache of table and index pages (PostgreSQL's {@code
 *                          shared_buffers}, e.g. {@code 1GB}); empty: an eighth of the machine's memory, between
 *                          128 MB and 2 GB (PostgreSQL's own default of 128 MB is meant for small machines)
 */
@ConfigurationProperties("custos.database")
public record DatabaseProperties(
        @Nullable String url,
        @DefaultValue("postgres") String username,
        @Nullable String password,
        @DefaultValue("custos_app") String appUsername,
        @Nullable String appPassword,
        @DefaultValue("./data/postgres") Path dataDirectory,
        @Nullable Path binariesDirectory,
        @DefaultValue("0") int port,
        @DefaultValue("true") boolean durable,
        @DefaultValue("false") boolean cleanOnStart,
        @DefaultValue("20") int poolSize,
        @DefaultValue("") String sharedBuffers) {

    /** {@link #sharedBuffers}, or the default for this machine's memory, in PostgreSQL's size syntax. */
    public String sharedBuffersOrDefault() {
        if (!sharedBuffers.isBlank()) {
            if (!sharedBuffers.strip().matches("\\d{1,7}(kB|MB|GB)")) {
                throw new IllegalStateException("custos.database.shared-buffers must be a size like 512MB or 2GB.");
            }
            return sharedBuffers.strip();
        }
        long memory = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getTotalMemorySize();
        long megabytes = Math.clamp(memory / 8 / (1024 * 1024), 128, 2048);
        return megabytes + "MB";
    }

    public Path binariesDirectoryOrDefault() {
        return binariesDirectory != null ? binariesDirectory
                : Path.of(System.getProperty("user.home"), ".cache", "custos");
    }

    public boolean embedded() {
        return url == null || url.isBlank();
    }
}
