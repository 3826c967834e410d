package dev.custos.platform.web;

import java.io.IOException;
import java.io.Writer;

import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;

/**
 * Tomcat's own refusals (a request line or header it cannot parse, too many headers, a NUL or an encoded slash in
 * the path) never reach Spring; Tomcat would answer them with its HTML error page, naming its version. This valve
 * answers them as problem+json instead, with the same types the API uses.
 */
public final class ProblemErrorReportValve extends ErrorReportValve {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemErrorReportValve.class);

    /** Puts this valve in the host's place for Tomcat's (and Spring Boot's) error report valve. */
    @Configuration(proxyBeanMethods = false)
    static class Installation {

        @Bean
        WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports() {
            return new Customizer();
        }
    }

    /** Runs after Spring Boot's own customizer, which installs a plain error report valve on the host. */
    private static final class Customizer implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            factory.addContextCustomizers(context -> {
                if (context.getParent() instanceof StandardHost host) {
                    for (Valve valve : host.getPipeline().getValves()) {
                        if (valve instanceof ErrorReportValve) {
                            host.getPipeline().removeValve(valve);
                        }
                    }
                    host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
                    host.getPipeline().addValve(new ProblemErrorReportValve());
                }
            });
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int code = response.getStatus();
        if (code < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        HttpStatus status = HttpStatus.resolve(code);
        if (status == null) {
            status = code < 500 ? HttpStatus.BAD_REQUEST : HttpStatus.INTERNAL_SERVER_ERROR;
        }
        if (request.getWrapper() == null) {
            // Refused before reaching Custos: one line, naming neither the request's address nor its content
            // (a path or header can carry a token), and no stack trace for what is the client's fault.
            LOG.warn("Refused a request the server could not accept: {}{}", code,
                    throwable == null ? "" : " (" + throwable.getClass().getSimpleName() + ")");
        }
        String body = """
                {"type":"/problems/%s","title":"%s","status":%d,"detail":"%s"}"""
                .formatted(Problems.slug(status), status.getReasonPhrase(), code, ErrorResponses.message(status));
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client went away, or the response was already under way: nothing more to tell it
        }
    }
}
