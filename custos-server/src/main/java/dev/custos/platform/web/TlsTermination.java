package dev.custos.platform.web;

import java.nio.file.Files;
import java.nio.file.Path;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Custos terminating TLS itself (SC-01): given a certificate and its key, the server speaks HTTPS on its port,
 * TLS 1.3 only. TLS configured through Spring Boot's own {@code server.ssl.*} is held to TLS 1.3 too. HSTS and
 * Secure cookies follow from the requests being secure (see the security configuration).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TlsTermination.TlsProperties.class)
class TlsTermination {

    static final String[] PROTOCOLS = {"TLSv1.3"};

    /**
     * @param certificate the PEM certificate chain (server first)
     * @param privateKey  its PEM private key
     */
    @ConfigurationProperties("custos.tls")
    record TlsProperties(@Nullable Path certificate, @Nullable Path privateKey) {

        boolean enabled() {
            if (certificate == null && privateKey == null) {
                return false;
            }
            if (certificate == null || privateKey == null) {
                throw new IllegalStateException("custos.tls needs both certificate and private-key, or neither.");
            }
            for (Path file : new Path[] {certificate, privateKey}) {
                if (!Files.isReadable(file)) {
                    throw new IllegalStateException("custos.tls: " + file + " cannot be read.");
                }
            }
            return true;
        }
    }

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> tlsOnly(TlsProperties tls) {
        return new Customizer(tls);
    }

    /** Runs after Spring Boot's own customizer, so its {@code server.ssl} settings are seen and tightened. */
    private record Customizer(TlsProperties tls) implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>,
            Ordered {

        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            if (tls.enabled()) {
                Ssl ssl = new Ssl();
                ssl.setEnabled(true);
                ssl.setCertificate(tls.certificate().toUri().toString());
                ssl.setCertificatePrivateKey(tls.privateKey().toUri().toString());
                factory.setSsl(ssl);
            }
            Ssl ssl = factory.getSsl();
            if (ssl != null && ssl.isEnabled()) {
                ssl.setEnabledProtocols(PROTOCOLS);
                ssl.setProtocol("TLS");
            }
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }
}
