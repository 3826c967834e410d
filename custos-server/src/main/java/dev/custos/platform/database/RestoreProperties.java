package dev.custos.platform.database;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Backups to restore at start, into databases that must be empty (a new installation): the main database's and the
 * key store's, which should be at least as recent (keys made after it are not in an older one). Set by
 * {@code custos-server restore <database backup> <key store backup>}.
 */
@ConfigurationProperties("custos.restore")
public record RestoreProperties(@Nullable Path database, @Nullable Path keys) {
}
