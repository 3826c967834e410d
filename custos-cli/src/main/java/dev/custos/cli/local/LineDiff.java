package dev.custos.cli.local;

import java.util.ArrayList;
import java.util.List;

/**
 * A unified diff of two texts, line by line (longest common subsequence), with three lines of context: what a
 * person approves before a file is written, and what the session keeps of the change.
 */
final class LineDiff {

    private static final int CONTEXT = 3;
    /** Beyond this many lines on a side the table would be too big: the diff says only how much changed. */
    private static final int MAX_LINES = 4_000;

    private LineDiff() {
    }

    /** The diff of {@code before} and {@code after} of the file at {@code path}; empty when nothing changed. */
    static String of(String path, String before, String after) {
        if (before.equals(after)) {
            return "";
        }
        List<String> a = before.isEmpty() ? List.of() : List.of(before.split("\n", -1));
        List<String> b = after.isEmpty() ? List.of() : List.of(after.split("\n", -1));
        String header = "--- a/" + path + "\n+++ b/" + path + "\n";
        if (a.size() > MAX_LINES || b.size() > MAX_LINES) {
            return header + "@@ " + a.size() + " lines become " + b.size() + " lines (too long to show) @@\n";
        }
        List<String> lines = edits(a, b);
        List<Integer> changed = new ArrayList<>();
        for (int k = 0; k < lines.size(); k++) {
            if (!lines.get(k).startsWith(" ")) {
                changed.add(k);
            }
        }
        StringBuilder out = new StringBuilder(header);
        int c = 0;
        while (c < changed.size()) {
            int first = changed.get(c);
            int last = first;
            while (c + 1 < changed.size() && changed.get(c + 1) - last <= 2 * CONTEXT + 1) {
                last = changed.get(++c); // changes this close share one hunk
            }
            c++;
            int from = Math.max(0, first - CONTEXT);
            int to = Math.min(lines.size(), last + 1 + CONTEXT);
            out.append(hunkHeader(lines, from, to));
            for (int k = from; k < to; k++) {
                out.append(lines.get(k)).append('\n');
            }
        }
        return out.toString();
    }

    /** How many lines were added and removed, for a one-line summary. */
    static String summary(String diff) {
        long added = diff.lines().filter(l -> l.startsWith("+") && !l.startsWith("+++")).count();
        long removed = diff.lines().filter(l -> l.startsWith("-") && !l.startsWith("---")).count();
        return "+" + added + " −" + removed;
    }

    private static String hunkHeader(List<String> lines, int start, int end) {
        int oldStart = 1;
        int newStart = 1;
        for (int k = 0; k < start; k++) {
            oldStart += lines.get(k).startsWith("+") ? 0 : 1;
            newStart += lines.get(k).startsWith("-") ? 0 : 1;
        }
        int oldCount = 0;
        int newCount = 0;
        for (int k = start; k < end; k++) {
            oldCount += lines.get(k).startsWith("+") ? 0 : 1;
            newCount += lines.get(k).startsWith("-") ? 0 : 1;
        }
        return "@@ -" + (oldCount == 0 ? oldStart - 1 : oldStart) + "," + oldCount + " +"
                + (newCount == 0 ? newStart - 1 : newStart) + "," + newCount + " @@\n";
    }

    /** Every line of both, marked " " (kept), "-" (removed) or "+" (added), in order. */
    private static List<String> edits(List<String> a, List<String> b) {
        int[][] common = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                common[i][j] = a.get(i).equals(b.get(j)) ? common[i + 1][j + 1] + 1
                        : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        List<String> lines = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
                lines.add(" " + a.get(i++));
                j++;
            } else if (j < b.size() && (i == a.size() || common[i][j + 1] >= common[i + 1][j])) {
                lines.add("+" + b.get(j++));
            } else {
                lines.add("-" + a.get(i++));
            }
        }
        return lines;
    }
}
