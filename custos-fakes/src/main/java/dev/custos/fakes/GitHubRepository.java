package dev.custos.fakes;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.custos.fakes.FakeGitHub.Issue;

/** The fake GitHub's one repository, {@code acme/widgets}: its issues (one a pull request) and files. */
final class GitHubRepository {

    static final Map<String, String> FILES = Map.of("README.md", "# Widgets\n\nWidgets are small and kind.\n",
            "src/start.js", "export function start() { return 'started'; }\n");

    private final List<Issue> issues = new CopyOnWriteArrayList<>(List.of(
            new Issue(1, "Widget crashes on start", "Since 2.3 the widget crashes when started offline.", "open",
                    "ana"),
            new Issue(2, "Add dark mode", "Please add a dark theme.", "open", "ben"),
            new Issue(3, "Crash when saving a widget", "Saving a widget with no name crashes.", "open", "chloe"),
            new Issue(4, "Fix the crash on start", "Starts offline without crashing. Fixes #1.", "open", "ana"),
            new Issue(5, "Old bug", "Closed long ago.", "closed", "dan")));

    List<Issue> issues() {
        return issues;
    }

    /** The issues GitHub's search syntax finds: every word in the title or body, and {@code state:} honoured. */
    List<Issue> matching(String q) {
        List<String> words = new ArrayList<>();
        String state = null;
        for (String term : q.split("\\s+")) {
            if (term.startsWith("state:")) {
                state = term.substring(6);
            } else if (!term.isBlank() && !term.contains(":")) {
                words.add(term.toLowerCase(Locale.ROOT));
            }
        }
        String wanted = state;
        return issues.stream().filter(issue -> wanted == null || issue.state().equals(wanted))
                .filter(issue -> words.stream().allMatch(word -> (issue.title() + " " + issue.body())
                        .toLowerCase(Locale.ROOT).contains(word)))
                .toList();
    }
}
