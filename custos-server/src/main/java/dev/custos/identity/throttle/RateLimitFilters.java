package dev.custos.identity.throttle;

import jakarta.servlet.Filter;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The API's rate limits around Spring Security: per address before it, per key after it. */
@Configuration(proxyBeanMethods = false)
class RateLimitFilters {

    @Bean
    FilterRegistrationBean<Filter> perAddressRateLimit(ApiRateLimit limits) {
        var registration = new FilterRegistrationBean<>(limits.perAddress());
        registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER - 1);
        return registration;
    }

    @Bean
    FilterRegistrationBean<Filter> perKeyRateLimit(ApiRateLimit limits) {
        var registration = new FilterRegistrationBean<>(limits.perKey());
        registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER + 1);
        return registration;
    }
}
