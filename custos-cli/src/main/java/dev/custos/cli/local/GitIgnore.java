package dev.custos.cli.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The ignore rules of a folder's {@code .gitignore} (and {@code .git/info/exclude}), as git reads them: comments,
 * {@code !} to take a file back, a trailing {@code /} for folders only, a {@code /} anywhere but the end anchoring
 * the pattern to the folder, {@code *}, {@code ?}, {@code [...]} and {@code **}. The last matching rule decides.
 * Only the folder's own files are read: nested {@code .gitignore} files are not (what they ignore is still
 * guarded by the secret-file rules and each approval).
 */
final class GitIgnore {

    private record Rule(Pattern pattern, boolean negated, boolean foldersOnly) {
    }

    private final List<Rule> rules;

    private GitIgnore(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    static GitIgnore of(Path root) {
        List<Rule> rules = new ArrayList<>();
        for (Path file : List.of(root.resolve(".git/info/exclude"), root.resolve(".gitignore"))) {
            if (Files.isRegularFile(file)) {
                try {
                    Files.readAllLines(file, StandardCharsets.UTF_8).forEach(line -> parse(line, rules));
                } catch (IOException e) {
                    // an unreadable ignore file ignores nothing; the secret-file rules still apply
                }
            }
        }
        return new GitIgnore(rules);
    }

    static GitIgnore of(List<String> lines) {
        List<Rule> rules = new ArrayList<>();
        lines.forEach(line -> parse(line, rules));
        return new GitIgnore(rules);
    }

    /** Whether the path (relative to the folder, with {@code /}) is ignored, given whether it is a folder. */
    boolean ignores(String relative, boolean folder) {
        boolean ignored = false;
        for (Rule rule : rules) {
            if ((!rule.foldersOnly() || folder) && rule.pattern().matcher(relative).matches()) {
                ignored = !rule.negated();
            }
        }
        return ignored;
    }

    private static void parse(String raw, List<Rule> rules) {
        String line = raw.stripTrailing();
        if (line.isEmpty() || line.startsWith("#")) {
            return;
        }
        boolean negated = line.startsWith("!");
        if (negated) {
            line = line.substring(1);
        }
        boolean foldersOnly = line.endsWith("/");
        if (foldersOnly) {
            line = line.substring(0, line.length() - 1);
        }
        boolean anchored = line.contains("/");
        if (line.startsWith("/")) {
            line = line.substring(1);
        }
        if (line.isEmpty()) {
            return;
        }
        String regex = (anchored ? "" : "(?:.*/)?") + glob(line);
        rules.add(new Rule(Pattern.compile(regex), negated, foldersOnly));
    }

    private static String glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*' && i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
                boolean slashAfter = i + 2 < pattern.length() && pattern.charAt(i + 2) == '/';
                regex.append(slashAfter ? "(?:.*/)?" : ".*");
                i += slashAfter ? 2 : 1;
            } else if (c == '*') {
                regex.append("[^/]*");
            } else if (c == '?') {
                regex.append("[^/]");
            } else if (c == '[') {
                int end = pattern.indexOf(']', i + 1);
                if (end < 0) {
                    regex.append("\\[");
                } else {
                    String set = pattern.substring(i + 1, end).replace("\\", "\\\\");
                    regex.append('[').append(set.startsWith("!") ? "^" + set.substring(1) : set).append(']');
                    i = end;
                }
            } else if (c == '\\' && i + 1 < pattern.length()) {
                regex.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return regex + "(?:/.*)?"; // what a folder rule ignores, everything under it is ignored too
    }
}
