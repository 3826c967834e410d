package dev.custos.support;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.custos.CustosApplication;
import dev.custos.platform.database.DatabaseServer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** More Custos nodes on a test's PostgreSQL and key store, as a cluster behind a load balancer runs them. */
public final class Nodes {

    private Nodes() {
    }

    /** Starts another node; {@code settings} (name, value pairs) are added to or override the node's own. */
    public static ConfigurableApplicationContext another(DatabaseServer database, String... settings) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("server.port", "0");
        properties.put("custos.database.url", database.jdbcUrl());
        properties.put("custos.database.username", database.owner().username());
        properties.put("custos.database.password", database.owner().password());
        properties.put("custos.database.app-username", database.app().username());
        properties.put("custos.database.app-password", database.app().password());
        properties.put("custos.database.pool-size", "4");
        properties.put("custos.keys.database-url", database.embeddedKeysJdbcUrl());
        properties.put("custos.keys.master-key-file", "target/test-keys/master-key.json");
        properties.put("custos.identity.base-url", CustosIntegrationTest.ORIGIN);
        properties.put("server.forward-headers-strategy", "native");
        properties.put("custos.backup.schedule", "-");
        properties.put("custos.backup.keys-schedule", "-");
        for (int i = 0; i + 1 < settings.length; i += 2) {
            properties.put(settings[i], settings[i + 1]);
        }
        // As command-line arguments: they outrank the application's own configuration, as a node's settings would.
        return new SpringApplicationBuilder(CustosApplication.class).run(properties.entrySet().stream()
                .map(setting -> "--" + setting.getKey() + "=" + setting.getValue()).toArray(String[]::new));
    }

    /** The port a node serves on. */
    public static int port(ConfigurableApplicationContext node) {
        return ((WebServerApplicationContext) node).getWebServer().getPort();
    }
}
