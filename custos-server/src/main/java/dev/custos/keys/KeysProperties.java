package dev.custos.keys;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the master key comes from. It never enters the database: a dump without it opens nothing.
 *
 * @param masterKey     the master keyset as Tink JSON (e.g. from the environment, CUSTOS_KEYS_MASTER_KEY); wins
 *                      over the file when set
 * @param masterKeyFile a file holding that keyset; created (readable by the owner only) when missing
 */
@ConfigurationProperties("custos.keys")
public record KeysProperties(
        @Nullable String masterKey,
        @DefaultValue("./data/master-key.json") Path masterKeyFile) {
}
