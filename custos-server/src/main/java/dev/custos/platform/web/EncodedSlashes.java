package dev.custos.platform.web;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * An encoded slash ({@code %2F}) in a path is kept as part of one segment, never decoded into a separator: OpenAI
 * SDKs encode a model named {@code provider/model} that way in {@code GET /v1/models/{model}}. Left encoded, it
 * cannot change which handler or which security rule a path reaches (a decoded one could: {@code ..%2F}), so
 * Spring Security's firewall may let it through; Spring MVC decodes it only within the path variable. Tomcat then
 * leaves an encoded {@code %} encoded too (so nothing is decoded twice), which is why the firewall must also allow
 * a {@code %} in the servlet path.
 */
@Configuration(proxyBeanMethods = false)
class EncodedSlashes {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> encodedSlashesKept() {
        return factory -> factory.addConnectorCustomizers(connector ->
                connector.setEncodedSolidusHandling("passthrough"));
    }

    @Bean
    WebSecurityCustomizer encodedSlashesAllowed() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowUrlEncodedSlash(true);
        firewall.setAllowUrlEncodedPercent(true);
        return web -> web.httpFirewall(firewall);
    }
}
