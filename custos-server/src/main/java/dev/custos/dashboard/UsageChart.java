package dev.custos.dashboard;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.ToLongFunction;

import dev.custos.usage.Metering;
import org.springframework.web.util.HtmlUtils;

/**
 * A stacked bar chart of day totals, drawn as SVG on the server: no script, nothing sent elsewhere. Each day is a
 * bar, each agent (or person, or key) a colour of the CSS palette ({@code .series-N}); the seven largest keep their
 * own colour, the rest share "others". Labels are escaped: names are what people typed.
 */
final class UsageChart {

    static final int MAX_SERIES = 7;
    private static final int WIDTH = 760;
    private static final int HEIGHT = 220;
    private static final int LEFT = 48;
    private static final int BOTTOM = 24;

    /** One coloured series, as the legend lists it. */
    record Series(int index, String name, long total) {
    }

    record Drawn(String svg, List<Series> legend) {
    }

    private UsageChart() {
    }

    static Drawn draw(List<Metering.DayTotal> days, LocalDate from, LocalDate to, Map<UUID, String> names,
                      ToLongFunction<Metering.DayTotal> measure, String what) {
        Map<UUID, Long> totals = new LinkedHashMap<>();
        days.forEach(day -> totals.merge(day.key() == null ? new UUID(0, 0) : day.key(), measure.applyAsLong(day),
                Long::sum));
        List<UUID> ranked = totals.entrySet().stream().sorted(Map.Entry.<UUID, Long>comparingByValue().reversed())
                .map(Map.Entry::getKey).toList();
        Map<UUID, Integer> colour = new LinkedHashMap<>();
        for (int i = 0; i < ranked.size(); i++) {
            colour.put(ranked.get(i), Math.min(i, MAX_SERIES));
        }
        int count = (int) (to.toEpochDay() - from.toEpochDay()) + 1;
        long[][] stacks = new long[count][MAX_SERIES + 1];
        for (Metering.DayTotal day : days) {
            int slot = (int) (day.day().toEpochDay() - from.toEpochDay());
            if (slot >= 0 && slot < count) {
                stacks[slot][colour.get(day.key() == null ? new UUID(0, 0) : day.key())] += measure.applyAsLong(day);
            }
        }
        long max = 1;
        for (long[] stack : stacks) {
            long sum = 0;
            for (long value : stack) {
                sum += value;
            }
            max = Math.max(max, sum);
        }
        StringBuilder svg = new StringBuilder("<svg class=\"chart\" viewBox=\"0 0 " + WIDTH + " " + HEIGHT
                + "\" role=\"img\" aria-label=\"" + escape(what) + " per day\">");
        int plot = HEIGHT - BOTTOM - 10;
        svg.append("<line class=\"axis\" x1=\"").append(LEFT).append("\" y1=\"").append(HEIGHT - BOTTOM)
                .append("\" x2=\"").append(WIDTH).append("\" y2=\"").append(HEIGHT - BOTTOM).append("\"/>");
        svg.append("<text x=\"").append(LEFT - 6).append("\" y=\"16\" text-anchor=\"end\">").append(compact(max))
                .append("</text><text x=\"").append(LEFT - 6).append("\" y=\"").append(HEIGHT - BOTTOM)
                .append("\" text-anchor=\"end\">0</text>");
        double slotWidth = (WIDTH - LEFT) / (double) count;
        double barWidth = Math.max(2, slotWidth * 0.7);
        for (int slot = 0; slot < count; slot++) {
            double x = LEFT + slot * slotWidth + (slotWidth - barWidth) / 2;
            double y = HEIGHT - BOTTOM;
            LocalDate day = from.plusDays(slot);
            for (int series = 0; series <= MAX_SERIES; series++) {
                long value = stacks[slot][series];
                if (value == 0) {
                    continue;
                }
                double h = plot * value / (double) max;
                y -= h;
                svg.append(String.format(Locale.ROOT,
                        "<rect class=\"series-%d\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" rx=\"2\">"
                                + "<title>%s: %s</title></rect>", series, x, y, barWidth, h, day, compact(value)));
            }
            if (count <= 14 || slot % Math.max(1, count / 8) == 0) {
                svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s"
                        + "</text>", x + barWidth / 2, HEIGHT - 8, day.getMonthValue() + "/" + day.getDayOfMonth()));
            }
        }
        svg.append("</svg>");
        List<Series> legend = new ArrayList<>();
        for (int i = 0; i < Math.min(ranked.size(), MAX_SERIES); i++) {
            UUID key = ranked.get(i);
            legend.add(new Series(i, names.getOrDefault(key, key.equals(new UUID(0, 0)) ? "all" : "(gone)"),
                    totals.get(key)));
        }
        if (ranked.size() > MAX_SERIES) {
            legend.add(new Series(MAX_SERIES, "others", ranked.subList(MAX_SERIES, ranked.size()).stream()
                    .mapToLong(totals::get).sum()));
        }
        return new Drawn(svg.toString(), legend);
    }

    static String compact(long value) {
        if (value >= 1_000_000) {
            return String.format(Locale.ROOT, "%.1fM", value / 1_000_000.0);
        }
        return value >= 10_000 ? String.format(Locale.ROOT, "%.1fk", value / 1000.0) : Long.toString(value);
    }

    private static String escape(String text) {
        return HtmlUtils.htmlEscape(text);
    }
}
