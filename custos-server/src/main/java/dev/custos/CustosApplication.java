package dev.custos;

import dev.custos.backup.RestoreCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Custos: a self-hosted AI agent workspace whose privacy promises are enforced by code. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class CustosApplication {

    /** Serves Custos; {@code restore <database backup> <key store backup>} restores backups instead and stops. */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("restore")) {
            System.exit(RestoreCommand.run(CustosApplication.class, args));
        }
        SpringApplication.run(CustosApplication.class, args);
    }
}
