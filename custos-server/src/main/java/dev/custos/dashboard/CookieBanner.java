package dev.custos.dashboard;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import dev.custos.platform.web.PageView;
import dev.custos.privacy.CookieConsent;
import dev.custos.privacy.SiteCookie;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Gives every page what the layout needs for cookies: whether to show the banner (no choice made on this device
 * for the current cookie list), the appearance remembered with consent, and the path to come back to. Keeps a
 * signed-in person's device in step with their consent records.
 */
@Component
class CookieBanner implements HandlerInterceptor, WebMvcConfigurer {

    private final CookieConsent consent;

    CookieBanner(CookieConsent consent) {
        this.consent = consent;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this);
    }

    @Override
    public void postHandle(HttpServletRequest request, HttpServletResponse response, Object handler,
                           @Nullable ModelAndView page) {
        if (!PageView.renders(page)) {
            return;
        }
        consent.reconcile(request, response);
        var choice = consent.choice(request);
        page.addObject("cookieBanner", !choice.made());
        page.addObject("cookieChoice", choice);
        page.addObject("currentPath", request.getRequestURI()
                + (request.getQueryString() == null ? "" : "?" + request.getQueryString()));
        String theme = choice.allows(SiteCookie.Category.PREFERENCES) ? CookieConsent.value(request, SiteCookie.THEME)
                : null;
        page.addObject("theme", "light".equals(theme) || "dark".equals(theme) ? theme : null);
    }
}
