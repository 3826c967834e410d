package dev.custos.platform;

import java.time.Clock;
import javax.sql.DataSource;

import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;

@Configuration(proxyBeanMethods = false)
class PlatformConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * Refuses to serve if requests would run as a role that ignores row-level security: tenancy would then hang
     * on every query remembering its filter, which is exactly what the database is there to not rely on.
     */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    ApplicationRunner applicationRoleCannotBypassRowLevelSecurity(DataSource dataSource) {
        return args -> {
            boolean bypasses = JdbcClient.create(dataSource)
                    .sql("SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user")
                    .query(Boolean.class).single();
            if (bypasses) {
                throw new IllegalStateException("The application database role is a superuser or has BYPASSRLS; "
                        + "configure custos.database.app-username with a role that has neither.");
            }
        };
    }
}
