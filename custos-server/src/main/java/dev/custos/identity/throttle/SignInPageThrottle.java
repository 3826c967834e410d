package dev.custos.identity.throttle;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import dev.custos.platform.web.CustosException;
import org.springframework.web.filter.OncePerRequestFilter;

/** The sign-in page's password step waits like the API's: a throttled attempt goes back to the page, not on. */
public class SignInPageThrottle extends OncePerRequestFilter {

    private final SignInThrottle throttle;

    public SignInPageThrottle(SignInThrottle throttle) {
        this.throttle = throttle;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !("POST".equals(request.getMethod()) && "/signin".equals(request.getServletPath()));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            throttle.check(String.valueOf(request.getParameter("email")), request.getRemoteAddr());
        } catch (CustosException e) {
            if (e.retryAfter() != null) {
                response.setHeader("Retry-After", String.valueOf(e.retryAfterSeconds()));
            }
            response.sendRedirect(request.getContextPath() + "/signin?throttled");
            return;
        }
        chain.doFilter(request, response);
    }
}
