package dev.custos.cli.local;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs the local tools a run hands to {@code custos run}, on the person's machine and only as they allow: reading
 * asks unless reads were allowed beforehand ({@code --allow-reads}); every write (shown as its diff) and every
 * command asks, always. A refusal, of the person or of the folder's rules, is the answer the model gets.
 */
public final class LocalToolbox {

    /** The tools this client offers. */
    public static final List<String> TOOLS = List.of("local_list_files", "local_read_file", "local_search_files",
            "local_write_file", "local_patch_file", "local_run_command");
    private static final Set<String> READS = Set.of("local_list_files", "local_read_file", "local_search_files");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What the client answers: the output, whether it ran, and how long it took. */
    public record Answer(String output, String outcome, long durationMs) {
    }

    private final LocalFolder folder;
    private final Predicate<String> approve;
    private final Consumer<String> show;
    private final boolean readsAllowed;
    private final Duration commandTimeout;
    private final LocalCommand command = new LocalCommand();

    /**
     * @param approve asks the person a yes/no question
     * @param show    tells the person something (a diff, a refusal), on standard error
     */
    public LocalToolbox(LocalFolder folder, Predicate<String> approve, Consumer<String> show, boolean readsAllowed,
                        Duration commandTimeout) {
        this.folder = folder;
        this.approve = approve;
        this.show = show;
        this.readsAllowed = readsAllowed;
        this.commandTimeout = commandTimeout;
    }

    /** Runs one call, asking first where it must. */
    public Answer call(String tool, String argumentsJson) {
        long started = System.nanoTime();
        try {
            JsonNode arguments = JSON.readTree(argumentsJson == null || argumentsJson.isBlank() ? "{}"
                    : argumentsJson);
            String output = run(tool, arguments);
            return new Answer(output, "ok", elapsed(started));
        } catch (Declined e) {
            show.accept("  declined");
            return new Answer(e.getMessage(), "refused", elapsed(started));
        } catch (LocalRefusal e) {
            show.accept("  ✗ " + e.getMessage());
            return new Answer(e.getMessage(), "refused", elapsed(started));
        } catch (JacksonException e) {
            return new Answer("The call's arguments are not JSON.", "failed", elapsed(started));
        }
    }

    /** Stops a command under way (Ctrl-C). */
    public void stop() {
        command.stop();
    }

    private String run(String tool, JsonNode arguments) {
        String path = arguments.path("path").asString("");
        return switch (tool) {
            case "local_list_files" -> {
                ask(tool, "list the files in " + shown(path));
                yield folder.list(path);
            }
            case "local_read_file" -> {
                folder.requireOpen(folder.resolve(path)); // refused before anyone is asked
                ask(tool, "read " + path);
                yield folder.read(path);
            }
            case "local_search_files" -> {
                String text = arguments.path("text").asString("");
                ask(tool, "search for '" + text + "' in " + shown(path));
                yield folder.search(text, path);
            }
            case "local_write_file" -> write(folder.planWrite(path, arguments.path("content").asString(null)));
            case "local_patch_file" -> write(folder.planPatch(path, arguments.path("old").asString(null),
                    arguments.path("new").asString(null)));
            case "local_run_command" -> {
                String line = arguments.path("command").asString("");
                if (line.isBlank()) {
                    throw new LocalRefusal("Give a command to run.");
                }
                show.accept("  $ " + line);
                if (!approve.test("Run this command in " + folder.root() + "?")) {
                    throw new Declined("The person did not allow this command; it was not run.");
                }
                yield command.run(folder.root(), line, commandTimeout);
            }
            default -> throw new LocalRefusal("This client has no local tool named '" + tool + "'.");
        };
    }

    private String write(LocalFolder.PlannedWrite planned) {
        if (planned.diff().isEmpty()) {
            return planned.relative() + " already holds exactly this; nothing was written.";
        }
        show.accept(planned.diff().stripTrailing());
        if (!approve.test((planned.before().isEmpty() ? "Create " : "Change ") + planned.relative() + " ("
                + LineDiff.summary(planned.diff()) + ")?")) {
            throw new Declined("The person did not allow this change to " + planned.relative()
                    + "; nothing was written.");
        }
        folder.apply(planned);
        return "Wrote " + planned.relative() + " (" + LineDiff.summary(planned.diff()) + "):\n" + planned.diff();
    }

    private void ask(String tool, String what) {
        if (READS.contains(tool) && readsAllowed) {
            return;
        }
        if (!approve.test("Let the agent " + what + "?")) {
            throw new Declined("The person did not allow the agent to " + what + ".");
        }
    }

    private static String shown(String path) {
        return path.isBlank() || path.equals(".") ? "the working folder" : path;
    }

    private static long elapsed(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }

    /** The person said no. */
    private static final class Declined extends RuntimeException {
        Declined(String message) {
            super(message, null, false, false);
        }
    }
}
