package dev.custos.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import dev.custos.CustosApplication;
import dev.custos.fakes.FakeModelProvider;
import dev.custos.platform.database.DatabaseServer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Several nodes on one database: {@code /v1/chat/completions} and agent runs per second with one, two and three
 * nodes (requests spread round-robin, as a load balancer without sticky sessions does), and how long a session's
 * events take to reach a follower on another node than the one running it, against one on the same node. All nodes
 * run in this one JVM on this machine's cores: the ratios say what the coordination costs, not what more machines
 * would add. Not a test: run by hand (docs/benchmarks.md). Arguments: seconds per level, concurrent clients.
 */
public final class ClusterThroughput {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String[] SETTINGS = {
            "--custos.api.rate-limit.per-key-per-minute=1000000000",
            "--custos.api.rate-limit.per-address-per-minute=1000000000",
            "--custos.backup.schedule=-", "--custos.backup.keys-schedule=-"};

    private ClusterThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        HttpClient http = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        List<ConfigurableApplicationContext> nodes = new ArrayList<>();
        try (FakeModelProvider fake = FakeModelProvider.start().withoutRecording()) {
            nodes.add(BenchCustos.start("cluster", SETTINGS));
            DatabaseServer database = nodes.getFirst().getBean(DatabaseServer.class);
            ApiSession admin = ApiSession.signedUp(nodes.getFirst(), "cluster@example.com", "Cluster", "a-long-enough-passphrase");
            String workspace = admin.createWorkspace("Cluster").toString();
            JsonNode provider = admin.post("/api/providers", Map.of("name", "fake", "label", "Fake provider",
                    "kind", "openai-compatible", "baseUrl", fake.baseUrl().toString(), "region", "local",
                    "zeroRetention", true, "mayTrain", false, "models", List.of("echo", "slow")));
            admin.put("/api/workspaces/" + workspace + "/providers/" + provider.path("id").asString());
            String key = admin.post("/api/workspaces/" + workspace + "/api-keys", Map.of("name", "bench",
                    "scopes", List.of("read", "write"))).path("token").asString();
            String quick = admin.post("/api/workspaces/" + workspace + "/agents", Map.of("name", "Quick",
                    "instructions", "Answer.", "model", "offline/scripted-demo")).path("id").asString();
            String slow = admin.post("/api/workspaces/" + workspace + "/agents", Map.of("name", "Slow",
                    "instructions", "Answer.", "model", "fake/slow")).path("id").asString();
            String runs = "/api/workspaces/" + workspace + "/agents/" + quick + "/sessions";
            System.out.printf("machine: %d cores, Java %s; %d s per level, %d clients%n",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), seconds, clients);
            for (int size = 1; size <= 3; size++) {
                while (nodes.size() < size) {
                    nodes.add(another(database));
                }
                List<Integer> ports = nodes.stream().map(BenchCustos::port).toList();
                double gateway = rate(seconds, clients, ports, port -> http.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                        .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("model",
                                "fake/echo", "messages", List.of(Map.of("role", "user", "content", "hello"))))))
                        .build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
                double agentRuns = rate(seconds, clients, ports, port -> {
                    var answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + runs))
                            .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                            .header("Accept", "text/event-stream")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"message\":\"What time is it?\"}")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    return answer.statusCode() < 300 && answer.body().contains("run_completed");
                });
                System.out.printf("%d node(s): /v1/chat/completions %.0f/s, agent runs %.1f/s%n", size, gateway,
                        agentRuns);
            }
            String slowRuns = "/api/workspaces/" + workspace + "/agents/" + slow + "/sessions";
            int runner = BenchCustos.port(nodes.get(0));
            System.out.printf("follower on the running node: %s%n", latencies(http, key, slowRuns, runner, runner));
            System.out.printf("follower on another node:     %s%n", latencies(http, key, slowRuns, runner,
                    BenchCustos.port(nodes.get(1))));
        } finally {
            Collections.reverse(nodes);
            nodes.forEach(ConfigurableApplicationContext::close);
        }
    }

    private static ConfigurableApplicationContext another(DatabaseServer database) {
        List<String> args = new ArrayList<>(List.of("--server.port=0",
                "--custos.database.url=" + database.jdbcUrl(),
                "--custos.database.username=" + database.owner().username(),
                "--custos.database.password=" + database.owner().password(),
                "--custos.database.app-username=" + database.app().username(),
                "--custos.database.app-password=" + database.app().password(),
                "--custos.keys.database-url=" + database.embeddedKeysJdbcUrl(),
                "--custos.keys.master-key-file=target/bench-cluster-keys/master-key.json",
                "--logging.level.root=WARN"));
        args.addAll(List.of(SETTINGS));
        return new SpringApplicationBuilder(CustosApplication.class).run(args.toArray(String[]::new));
    }

    private interface Call {
        boolean on(int port) throws IOException, InterruptedException;
    }

    /** Successful calls per second by {@code clients} callers spreading them round-robin over the ports. */
    private static double rate(int seconds, int clients, List<Integer> ports, Call call) throws Exception {
        AtomicLong done = new AtomicLong();
        AtomicLong next = new AtomicLong();
        Instant warm = Instant.now().plusSeconds(3);
        Instant end = warm.plusSeconds(seconds);
        try (var callers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < clients; i++) {
                callers.submit(() -> {
                    while (Instant.now().isBefore(end)) {
                        int port = ports.get((int) (next.getAndIncrement() % ports.size()));
                        if (call.on(port) && Instant.now().isAfter(warm)) {
                            done.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
        }
        return done.get() / (double) seconds;
    }

    /**
     * Starts twenty runs on the slow model at {@code runner} and follows each at {@code follower}: how long after an
     * event was stored it arrived there (p50 and p99 over every streamed event).
     */
    private static String latencies(HttpClient http, String key, String sessions, int runner, int follower)
            throws Exception {
        var delays = new ConcurrentLinkedQueue<Long>();
        for (int i = 0; i < 20; i++) {
            var started = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runner + sessions))
                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"message\":\"follow me word by word by word\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            String id = JSON.readTree(started.body()).path("id").asString();
            long following = System.currentTimeMillis(); // events stored before are replayed, not live: left out
            var stream = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + follower + sessions + "/"
                            + id + "/events")).header("Authorization", "Bearer " + key)
                    .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines());
            try (Stream<String> lines = stream.body()) {
                lines.filter(line -> line.startsWith("data:")).forEach(line -> {
                    long now = System.currentTimeMillis();
                    JsonNode event = JSON.readTree(line.substring(5).strip());
                    long stored = Instant.parse(event.path("at").asString()).toEpochMilli();
                    if (event.path("kind").asString().equals("text_delta") && stored > following) {
                        delays.add(now - stored);
                    }
                });
            }
        }
        List<Long> sorted = delays.stream().sorted().toList();
        return String.format("%d events, p50 %d ms, p99 %d ms", sorted.size(), sorted.get(sorted.size() / 2),
                sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.99) - 1)));
    }
}
