package dev.custos.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * What durability costs: the same acknowledged write (a consent given or withdrawn: its record and its audit entry,
 * one transaction) against two Custos instances started in one run, one with the embedded database flushing every
 * commit to disk (the default) and one without (what tests use). Not a test: run by hand (docs/benchmarks.md).
 * Arguments: writes per client, and the concurrency levels (defaults 200, then 1 and 16).
 */
public final class CommitDurability {

    private static final String PASSWORD = "a-long-enough-passphrase";

    private CommitDurability() {
    }

    public static void main(String[] args) throws Exception {
        int writes = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int[] levels = args.length > 1 ? Arrays.stream(args).skip(1).mapToInt(Integer::parseInt).toArray()
                : new int[] {1, 16};
        try (ConfigurableApplicationContext durable = start("durable", true);
             ConfigurableApplicationContext fast = start("not-durable", false)) {
            ApiSession onDisk = ApiSession.signedUp(durable, "durable@example.com", "Durable", PASSWORD);
            ApiSession inMemory = ApiSession.signedUp(fast, "fast@example.com", "Fast", PASSWORD);
            System.out.printf("machine: %d cores, Java %s; %d writes per client%n",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), writes);
            System.out.println("| concurrency | durable: writes/s | p50 / p99 ms | not durable: writes/s | p50 / p99 ms "
                    + "| durable costs |");
            System.out.println("|---|---|---|---|---|---|");
            for (int level : levels) {
                measure(inMemory, level, writes / 4); // warm-up of both, results dropped
                measure(onDisk, level, writes / 4);
                Result slow = measure(onDisk, level, writes);
                Result quick = measure(inMemory, level, writes);
                System.out.printf("| %d | %.0f | %.2f / %.2f | %.0f | %.2f / %.2f | %.1f × the time per write |%n",
                        level, slow.perSecond(), slow.p50(), slow.p99(), quick.perSecond(), quick.p50(), quick.p99(),
                        quick.perSecond() / slow.perSecond());
            }
        }
    }

    private static ConfigurableApplicationContext start(String name, boolean durable) {
        return BenchCustos.start(name, "--custos.database.durable=" + durable,
                // The benchmark is the one client allowed to flood: it measures commits, not the rate limit.
                "--custos.api.rate-limit.per-key-per-minute=1000000000",
                "--custos.api.rate-limit.per-address-per-minute=1000000000");
    }

    private record Result(double perSecond, double p50, double p99) {
    }

    /** {@code clients} threads, each making {@code writes} acknowledged consent changes one after another. */
    private static Result measure(ApiSession person, int clients, int writes) throws Exception {
        List<Callable<double[]>> work = new ArrayList<>();
        for (int client = 0; client < clients; client++) {
            work.add(() -> {
                double[] millis = new double[writes];
                for (int i = 0; i < writes; i++) {
                    long start = System.nanoTime();
                    person.post("/api/privacy/consents", Map.of("purpose", "marketing_email", "given", i % 2 == 0,
                            "noticeVersion", "1"));
                    millis[i] = (System.nanoTime() - start) / 1e6;
                }
                return millis;
            });
        }
        long started = System.nanoTime();
        List<Double> all = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(clients)) {
            for (var done : pool.invokeAll(work)) {
                for (double millis : done.get()) {
                    all.add(millis);
                }
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        all.sort(Double::compare);
        return new Result(all.size() / seconds, all.get(all.size() / 2), all.get((int) (all.size() * 0.99)));
    }
}
