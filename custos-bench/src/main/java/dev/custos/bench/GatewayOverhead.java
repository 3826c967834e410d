package dev.custos.bench;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

import dev.custos.fakes.FakeModelProvider;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Gateway overhead: the same streamed completion from the fake provider, called directly and through Custos's
 * {@code /v1/chat/completions}, at several concurrencies, with redaction off and on. Both paths run in the same
 * process and the same minute, so the comparison is a ratio of like with like; absolute numbers depend on the
 * machine. Not a test: run by hand (docs/benchmarks.md).
 *
 * <p>Arguments: {@code concurrency...} (default 1 64 256). Each level sends {@code max(200, 4 x concurrency)}
 * streams per path after a warm-up. Reported per level: time to the first content chunk (direct, and what Custos
 * adds), each stream's spread from its first to its last content chunk, throughput, and the benchmark process's
 * resident memory after the level (the whole process: Maven, the client, the fake and Custos).
 */
public final class GatewayOverhead {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PROMPT = "Summarise our refund policy for a customer in two sentences, politely, "
            + "and mention that the team answers within one working day.";

    private GatewayOverhead() {
    }

    record Sample(long firstNanos, long lastNanos) {
    }

    record Result(String path, int concurrency, int streams, double seconds, long[] first, long[] last,
                  long[] spread) {
        double percentile(long[] sorted, double p) {
            return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
        }
    }

    public static void main(String[] args) throws Exception {
        // The JDK's HTTP server keeps at most 200 idle connections by default and closes the rest, which a
        // client pooling 512 connections then finds broken: allow as many as the benchmark opens.
        System.setProperty("sun.net.httpserver.maxIdleConnections", "4096");
        int[] levels = args.length == 0 ? new int[] {1, 64, 256} : Arrays.stream(args).mapToInt(Integer::parseInt)
                .toArray();
        // -Dcustos.bench.heap=256m runs Custos in a JVM of its own with that heap limit, and reports that JVM's
        // resident memory instead of the whole benchmark process's.
        String heap = System.getProperty("custos.bench.heap");
        try (FakeModelProvider fake = FakeModelProvider.start().withoutRecording();
             ConfigurableApplicationContext custos = heap == null ? startCustos() : null;
             CustosProcess process = heap == null ? null : CustosProcess.start("gateway", heap, SETTINGS)) {
            int port = process == null ? BenchCustos.port(custos) : process.port();
            Setup setup = Setup.create(process == null ? ApiSession.signedUp(custos, EMAIL, "Bench", PASSWORD)
                    : ApiSession.signedUp(port, process.invitation(), EMAIL, "Bench", PASSWORD), fake);
            java.util.function.LongSupplier resident = process == null ? GatewayOverhead::residentMegabytes : () -> {
                try {
                    return process.residentMegabytes();
                } catch (java.io.IOException e) {
                    return -1;
                }
            };
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
            URI direct = URI.create(fake.baseUrl() + "/chat/completions");
            URI gateway = URI.create("http://127.0.0.1:" + port + "/v1/chat/completions");

            System.out.printf("machine: %d cores, %s, Java %s%n", Runtime.getRuntime().availableProcessors(),
                    System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                    System.getProperty("java.version"));
            warmUp(http, direct, gateway, setup);
            System.out.println();
            System.out.println("| redaction | concurrency | streams | first token p50 / p99, direct (ms) | "
                    + "added by Custos p50 / p99 (ms) | spread first→last p50, direct / Custos (ms) | "
                    + "streams/s direct / Custos (ratio) | RSS after (MB, " + (heap == null ? "whole process"
                    : "Custos JVM, -Xmx" + heap + " " + System.getProperty("custos.bench.jvm", "")).strip() + ") |");
            System.out.println("|---|---|---|---|---|---|---|---|");
            for (boolean redaction : new boolean[] {false, true}) {
                setup.redaction(redaction);
                for (int concurrency : levels) {
                    int streams = Math.max(200, 4 * concurrency);
                    Result plain = run(http, direct, "echo", null, concurrency, streams);
                    Result through = run(http, gateway, setup.model(), setup.apiKey(), concurrency, streams);
                    System.out.printf("| %s | %d | %d | %.2f / %.2f | %+.2f / %+.2f | %.2f / %.2f | %.0f / %.0f (%.0f %%) "
                                    + "| %d |%n",
                            redaction ? "on" : "off", concurrency, streams,
                            plain.percentile(plain.first(), 0.5), plain.percentile(plain.first(), 0.99),
                            through.percentile(through.first(), 0.5) - plain.percentile(plain.first(), 0.5),
                            through.percentile(through.first(), 0.99) - plain.percentile(plain.first(), 0.99),
                            plain.percentile(plain.spread(), 0.5), through.percentile(through.spread(), 0.5),
                            streams / plain.seconds(), streams / through.seconds(),
                            100 * plain.seconds() / through.seconds(), resident.getAsLong());
                }
            }
        }
        System.exit(0);
    }

    private static void warmUp(HttpClient http, URI direct, URI gateway, Setup setup) throws Exception {
        for (int round = 0; round < 3; round++) {
            run(http, direct, "echo", null, 32, 400);
            run(http, gateway, setup.model(), setup.apiKey(), 32, 400);
        }
    }

    private static Result run(HttpClient http, URI uri, String model, String apiKey, int concurrency, int streams)
            throws Exception {
        String body = JSON.writeValueAsString(Map.of("model", model, "stream", true,
                "stream_options", Map.of("include_usage", true),
                "messages", List.of(Map.of("role", "user", "content", PROMPT))));
        List<Sample> samples = new ArrayList<>();
        long started = System.nanoTime();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            var permits = new Semaphore(concurrency);
            List<Future<Sample>> futures = new ArrayList<>();
            for (int i = 0; i < streams; i++) {
                permits.acquire();
                futures.add(clients.submit(() -> {
                    try {
                        return stream(http, uri, apiKey, body);
                    } finally {
                        permits.release();
                    }
                }));
            }
            for (Future<Sample> future : futures) {
                samples.add(future.get());
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long[] first = samples.stream().mapToLong(Sample::firstNanos).sorted().toArray();
        long[] last = samples.stream().mapToLong(Sample::lastNanos).sorted().toArray();
        long[] spread = samples.stream().mapToLong(sample -> sample.lastNanos() - sample.firstNanos()).sorted()
                .toArray();
        return new Result(uri.toString(), concurrency, streams, seconds, first, last, spread);
    }

    /** One streamed completion: nanoseconds to the first content chunk and to the last one. */
    private static Sample stream(HttpClient http, URI uri, String apiKey, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json").header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        long start = System.nanoTime();
        HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode() + " from " + uri + ": "
                    + new String(response.body().readAllBytes(), StandardCharsets.UTF_8));
        }
        long first = 0;
        long last = 0;
        try (var lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (!line.startsWith("data: ") || line.equals("data: [DONE]")) {
                    continue;
                }
                JsonNode chunk = JSON.readTree(line.substring(6));
                if (!chunk.path("choices").path(0).path("delta").path("content").asString("").isEmpty()) {
                    long now = System.nanoTime() - start;
                    first = first == 0 ? now : first;
                    last = now;
                }
            }
        }
        if (first == 0) {
            throw new IllegalStateException("No content streamed from " + uri);
        }
        return new Sample(first, last);
    }

    /** The process's resident set (VmRSS), in MB, or -1 where /proc is not there. */
    private static long residentMegabytes() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (java.io.IOException e) {
            return -1;
        }
        return -1;
    }

    private static final String EMAIL = "bench@example.com";
    private static final String PASSWORD = "a-long-enough-passphrase";
    private static final String[] SETTINGS = {
            "--custos.database.pool-size=" + Integer.getInteger("custos.bench.pool", 20),
            // The benchmark is the one client allowed to flood: it measures throughput, not the rate limit.
            "--custos.api.rate-limit.per-key-per-minute=1000000000",
            "--custos.api.rate-limit.per-address-per-minute=1000000000"};

    private static ConfigurableApplicationContext startCustos() {
        return BenchCustos.start("gateway", SETTINGS);
    }

    /** A workspace set up as a gateway user would: a provider, allowed, and an API key. */
    private record Setup(ApiSession admin, String workspace, String model, String apiKey) {

        static Setup create(ApiSession admin, FakeModelProvider fake) {
            String workspace = admin.createWorkspace("Bench").toString();
            JsonNode provider = admin.post("/api/providers", Map.of("name", "fake", "label", "Fake provider",
                    "kind", "openai-compatible", "baseUrl", fake.baseUrl().toString(), "region", "local",
                    "zeroRetention", true, "mayTrain", false, "models", List.of("echo")));
            admin.put("/api/workspaces/" + workspace + "/providers/" + provider.path("id").asString());
            String key = admin.post("/api/workspaces/" + workspace + "/api-keys", Map.of("name", "bench",
                    "scopes", List.of("read", "write"))).path("token").asString();
            return new Setup(admin, workspace, "fake/echo", key);
        }

        void redaction(boolean on) {
            admin.putJson("/api/workspaces/" + workspace + "/model-settings", Map.of("redaction", on));
        }
    }
}
