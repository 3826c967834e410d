package dev.custos.keys;

import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the master key comes from. It never enters the database: a dump without it opens nothing.
 *
 * @param masterKey     the master keyset as Tink JSON (e.g. from the environment, CUSTOS_KEYS_MASTER_KEY); wins
 *                      over the file when set
 * @param masterKeyFile a file holding that keyset; created (readable by the owner only) when missing
 * @param databaseUrl   JDBC URL of the key store's database on an external server (same roles as the main
 *                      database); the embedded server keeps it in its own {@code custos_keys} database
 * @param cacheTtl      how long a node keeps an unwrapped key: the longest another node may still open content
 *                      of a person whose keys were just destroyed (this node forgets at once)
 */
@ConfigurationProperties("custos.keys")
public record KeysProperties(
        @Nullable String masterKey,
        @DefaultValue("./data/master-key.json") Path masterKeyFile,
        @Nullable String databaseUrl,
        @DefaultValue("10s") Duration cacheTtl) {
}
