package dev.custos.tool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.annotation.PreDestroy;
import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import io.roastedroot.quickjs4j.core.Builtins;
import io.roastedroot.quickjs4j.core.Engine;
import io.roastedroot.quickjs4j.core.HostFunction;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * Runs JavaScript in a WebAssembly sandbox (TN-02): QuickJS compiled to WebAssembly, executed by Chicory inside
 * this JVM. Every run gets a fresh instance — its own linear memory, capped — so nothing of one run (another
 * workspace's, or this workspace's last) is there for the next. The program has no network, no host file system,
 * no environment, no processes: the WebAssembly module imports only WASI output and the host functions given
 * here, which expose the files handed in (the session's) and nothing else. A run past its time is interrupted
 * (Chicory checks for interruption as it executes) and its thread freed; a run past its memory fails inside.
 * Runs take one of a bounded number of platform threads, so busy sandboxes cannot starve request handling.
 */
@Component
class CodeSandbox {

    /** How the sandbox is bounded. */
    @ConfigurationProperties("custos.sandbox")
    record Limits(@DefaultValue("5s") Duration timeLimit, @DefaultValue("64MB") DataSize memoryLimit,
                  @DefaultValue("0") int concurrency, @DefaultValue("64KB") DataSize outputLimit) {

        int threads() {
            return concurrency > 0 ? concurrency : Runtime.getRuntime().availableProcessors();
        }
    }

    /** What a run did: its output, the files it wrote, or why it stopped. */
    record Outcome(String stdout, String stderr, Map<String, String> written, boolean failed, String error) {
    }

    private static final int WASM_PAGE = 64 * 1024;
    /** QuickJS's error positions count the lines the host functions' bindings add before the program. */
    private static final Pattern POSITION = Pattern.compile(":?\\s*(?:\\[function\\.mjs]:)?(\\d+):(\\d+) ");
    private static final int MAX_FILES_WRITTEN = 20;

    private final Limits limits;
    private final ExecutorService threads;
    private final Semaphore slots;
    private final AtomicInteger running = new AtomicInteger();

    CodeSandbox(Limits limits) {
        this.limits = limits;
        AtomicInteger count = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(limits.threads(), runnable -> Thread.ofPlatform().daemon()
                .name("custos-sandbox-" + count.incrementAndGet()).unstarted(runnable));
        this.slots = new Semaphore(limits.threads() * 4, true);
    }

    /** Programs executing right now on this node; a stopped run no longer counts. */
    int running() {
        return running.get();
    }

    /** Runs the program with these files readable; returns its outcome (failures included, never thrown). */
    Outcome run(String code, Map<String, String> files) {
        if (!slots.tryAcquire()) {
            throw new ToolFailed("The code sandbox is busy; try again in a moment.");
        }
        try {
            Map<String, String> written = new TreeMap<>();
            Future<String[]> run = threads.submit(() -> execute(code, files, written));
            try {
                String[] output = run.get(limits.timeLimit().toMillis(), TimeUnit.MILLISECONDS);
                return new Outcome(cut(output[0]), cut(output[1]), written, false, "");
            } catch (TimeoutException e) {
                run.cancel(true); // interrupts the instance: Chicory stops at its next check
                return failed("The code ran longer than " + limits.timeLimit().toSeconds() + " s and was stopped.");
            } catch (ExecutionException e) {
                return failed(reason(e.getCause()));
            } catch (InterruptedException e) {
                run.cancel(true);
                Thread.currentThread().interrupt();
                return failed("The run was interrupted.");
            }
        } finally {
            slots.release();
        }
    }

    private String[] execute(String code, Map<String, String> files, Map<String, String> written) {
        running.incrementAndGet();
        Builtins custos = builtins(files, written);
        int maxPages = (int) Math.max(1, limits.memoryLimit().toBytes() / WASM_PAGE);
        try (Engine engine = Engine.builder().addBuiltins(custos)
                .withMemoryFactory(wanted -> new ByteArrayMemory(new MemoryLimits(
                        Math.min(wanted.initialPages(), maxPages), Math.min(wanted.maximumPages(), maxPages))))
                .build()) {
            int program = engine.compile(code);
            engine.exec(program);
            return new String[] {engine.stdout(), engine.stderr()};
        } finally {
            running.decrementAndGet();
        }
    }

    /**
     * The program's only window out: {@code custos.readFile(path)} (null when there is no such file),
     * {@code custos.writeFile(path, text)} and {@code custos.listFiles()}, over the files handed in.
     */
    private static Builtins builtins(Map<String, String> files, Map<String, String> written) {
        return Builtins.builder("custos")
                .addStringToString("readFile", path -> written.containsKey(path) ? written.get(path) : files.get(path))
                .add(new HostFunction("writeFile", List.of(String.class, String.class), Void.class, arguments -> {
                    String path = SessionFiles.checkedPath(String.valueOf(arguments.get(0)));
                    String text = String.valueOf(arguments.get(1));
                    if (text.length() > SessionFiles.MAX_FILE_BYTES
                            || !written.containsKey(path) && written.size() >= MAX_FILES_WRITTEN) {
                        throw new ToolFailed("A run writes at most " + MAX_FILES_WRITTEN + " files of at most "
                                + SessionFiles.MAX_FILE_BYTES + " bytes.");
                    }
                    written.put(path, text);
                    return null;
                }))
                .add(new HostFunction("listFiles", List.of(), List.class, arguments -> {
                    List<String> paths = new ArrayList<>(new TreeMap<>(files).keySet());
                    written.keySet().stream().filter(path -> !files.containsKey(path)).forEach(paths::add);
                    return paths;
                }))
                .build();
    }

    /** Says why a run failed in words a model (and a person reading the session) can act on. */
    private String reason(Throwable failure) {
        if (failure instanceof ChicoryException && String.valueOf(failure.getMessage()).contains("stack exhausted")) {
            return "The code recursed too deeply and was stopped.";
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ToolFailed refused) {
                return refused.getMessage();
            }
        }
        String message = String.valueOf(failure.getMessage());
        if (message.contains("out of memory")) {
            return "The code used more than " + limits.memoryLimit().toMegabytes() + " MB of memory and was stopped.";
        }
        boolean compile = failure instanceof IllegalArgumentException;
        String detail = errorLine(message);
        return (compile ? "The code does not compile: " : "The code failed: ") + detail;
    }

    /** The program's own error line, its position counted from the program's first line. */
    private static String errorLine(String message) {
        String line = message.lines().filter(l -> l.contains("Error")).reduce((first, last) -> last).orElse("");
        int value = line.indexOf("value: ");
        String error = cutTo((value >= 0 ? line.substring(value + 7) : line).replaceFirst("^\\s*stderr:", "")
                .strip(), 500);
        Matcher position = POSITION.matcher(error);
        if (position.find()) {
            int programLine = Integer.parseInt(position.group(1)) - bindingLines();
            error = error.substring(0, position.start()) + ": line " + Math.max(1, programLine) + ": "
                    + error.substring(position.end());
        }
        return error.isEmpty() ? "it ended with an error." : error;
    }

    /** {@code globalThis.custos = {}}, one line per host function, and quickjs4j's own four. */
    private static int bindingLines() {
        return 1 + 3 + 4;
    }

    private String cut(String output) {
        int max = (int) limits.outputLimit().toBytes();
        return output.length() <= max ? output : output.substring(0, max) + "\n[output cut at " + max + " bytes]";
    }

    private static String cutTo(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }

    private static Outcome failed(String error) {
        return new Outcome("", "", Map.of(), true, error);
    }

    @PreDestroy
    void stop() {
        threads.shutdownNow();
    }
}
