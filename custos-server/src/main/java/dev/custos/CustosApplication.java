package dev.custos;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Custos: a self-hosted AI agent workspace whose privacy promises are enforced by code. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class CustosApplication {

    public static void main(String[] args) {
        SpringApplication.run(CustosApplication.class, args);
    }
}
