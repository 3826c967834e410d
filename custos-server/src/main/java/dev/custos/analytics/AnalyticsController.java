package dev.custos.analytics;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import dev.custos.identity.Actor;
import org.jspecify.annotations.Nullable;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/admin/analytics}: feature use per day, the last 30 days unless asked otherwise. */
@RestController
class AnalyticsController {

    private final ProductAnalytics analytics;
    private final PageVisits pages;
    private final Clock clock;

    AnalyticsController(ProductAnalytics analytics, PageVisits pages, Clock clock) {
        this.analytics = analytics;
        this.pages = pages;
        this.clock = clock;
    }

    @GetMapping("/api/admin/analytics")
    List<ProductAnalytics.FeatureDay> daily(Actor actor,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate to) {
        LocalDate until = to != null ? to : LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        return analytics.daily(actor, from != null ? from : until.minusDays(29), until);
    }

    /** {@code GET /api/admin/analytics/pages}: page views per day, counted only where analytics cookies are allowed. */
    @GetMapping("/api/admin/analytics/pages")
    List<PageVisits.PageDay> pages(Actor actor,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate to) {
        LocalDate until = to != null ? to : LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        return pages.daily(actor, from != null ? from : until.minusDays(29), until);
    }
}
