package dev.custos.analytics;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import dev.custos.identity.Accounts;
import dev.custos.identity.Actor;
import dev.custos.platform.Secrets;
import dev.custos.platform.SqlTime;
import dev.custos.platform.web.CustosException;
import dev.custos.platform.web.PageView;
import dev.custos.privacy.CookieConsent;
import dev.custos.privacy.SiteCookie;
import org.jspecify.annotations.Nullable;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Which pages are used, how often and by how many people: counted only on a device whose owner allowed
 * analytics cookies (ID-08), by a random visitor cookie's pseudonym. Pages are named by their route, never by an
 * id in it. Counts are buffered and written every few seconds; a withdrawal deletes the device's counts.
 */
@Service
public class PageVisits implements HandlerInterceptor, WebMvcConfigurer {

    /** One page's use on one day. */
    public record PageDay(LocalDate day, String page, long views, long visitors) {
    }

    private record Key(LocalDate day, String page, String visitorHash) {
    }

    private static final int MAX_PENDING = 50_000;

    private final CookieConsent consent;
    private final JdbcClient jdbc;
    private final Accounts accounts;
    private final Clock clock;
    private final Map<Key, AtomicInteger> pending = new ConcurrentHashMap<>();

    PageVisits(CookieConsent consent, JdbcClient jdbc, Accounts accounts, Clock clock) {
        this.consent = consent;
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.clock = clock;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this);
    }

    @Override
    public void postHandle(HttpServletRequest request, HttpServletResponse response, Object handler,
                           @Nullable ModelAndView page) {
        if (!PageView.renders(page) || !"GET".equals(request.getMethod())
                || !consent.allows(request, SiteCookie.Category.ANALYTICS)) {
            return;
        }
        String visitor = CookieConsent.value(request, SiteCookie.VISITOR);
        if (visitor == null || !visitor.matches("[A-Za-z0-9]{32}")) {
            visitor = Secrets.random(32);
            consent.set(request, response, SiteCookie.VISITOR, visitor);
        }
        Object route = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        if (route == null || pending.size() >= MAX_PENDING) {
            return;
        }
        pending.computeIfAbsent(new Key(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC), route.toString(),
                Secrets.sha256("visitor|" + visitor)), key -> new AtomicInteger()).incrementAndGet();
    }

    /** The device withdrew analytics consent: what was counted for its visitor cookie goes, buffered or written. */
    @EventListener
    void withdrawn(CookieConsent.AnalyticsCookiesWithdrawn withdrawal) {
        String hash = Secrets.sha256("visitor|" + withdrawal.visitorId());
        pending.keySet().removeIf(key -> key.visitorHash().equals(hash));
        jdbc.sql("DELETE FROM page_visits WHERE visitor_hash = :h").param("h", hash).update();
    }

    /** Writes the buffered counts; returns how many page-days it added to. */
    @Scheduled(fixedDelayString = "${custos.analytics.flush-interval:10s}")
    public synchronized int flush() {
        int written = 0;
        for (Key key : List.copyOf(pending.keySet())) {
            AtomicInteger views = pending.remove(key);
            if (views == null || views.get() == 0) {
                continue;
            }
            jdbc.sql("""
                            INSERT INTO page_visits (day, page, visitor_hash, views) VALUES (:day, :page, :h, :views)
                            ON CONFLICT (day, page, visitor_hash) DO UPDATE SET views = page_visits.views + :views""")
                    .param("day", key.day()).param("page", key.page()).param("h", key.visitorHash())
                    .param("views", views.get()).update();
            written++;
        }
        return written;
    }

    /** Per day and page, views and distinct visitors: for installation administrators. */
    public List<PageDay> daily(Actor admin, LocalDate from, LocalDate to) {
        accounts.requireInstallationAdmin(admin, "Only installation administrators see page analytics.");
        if (to.isBefore(from) || from.plusDays(366).isBefore(to)) {
            throw CustosException.invalid("invalid-range", "from must not be after to, at most 366 days apart.");
        }
        return jdbc.sql("""
                        SELECT day, page, sum(views) AS views, count(DISTINCT visitor_hash) AS visitors FROM page_visits
                        WHERE day BETWEEN :from AND :to GROUP BY day, page ORDER BY day, page""")
                .param("from", from).param("to", to)
                .query((rs, n) -> new PageDay(rs.getObject("day", LocalDate.class), rs.getString("page"),
                        rs.getLong("views"), rs.getLong("visitors")))
                .list();
    }
}
