package dev.custos.bench;

import java.util.ArrayList;
import java.util.List;

import dev.custos.CustosApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** Custos started for one benchmark: a free port, its own embedded PostgreSQL and keys under target/, wiped first. */
final class BenchCustos {

    private BenchCustos() {
    }

    /** Starts Custos with data in {@code target/bench-<name>-postgres}; settings are extra {@code --key=value}s. */
    static ConfigurableApplicationContext start(String name, String... settings) {
        List<String> args = new ArrayList<>(List.of("--server.port=0",
                "--custos.database.data-directory=target/bench-" + name + "-postgres",
                "--custos.database.clean-on-start=true",
                "--custos.keys.master-key-file=target/bench-" + name + "-keys/master-key.json",
                "--logging.level.root=WARN"));
        args.addAll(List.of(settings));
        return new SpringApplication(CustosApplication.class).run(args.toArray(String[]::new));
    }

    static int port(ConfigurableApplicationContext custos) {
        return ((WebServerApplicationContext) custos).getWebServer().getPort();
    }
}
