package dev.custos.bench;

import java.util.Arrays;
import java.util.UUID;

import dev.custos.platform.PersonId;
import dev.custos.platform.WorkspaceId;
import dev.custos.tool.RunCode;
import dev.custos.tool.ToolContext;
import dev.custos.tool.Tools;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code run_code}: a trivial program, cold (the first run in a fresh JVM) and warm (every run a fresh WebAssembly
 * instance, as in production), against the {@code calculator} tool as the reference for what any tool call costs.
 * Not a test: run by hand (docs/benchmarks.md). Arguments: warm runs per case (default 200).
 */
public final class CodeExecution {

    private CodeExecution() {
    }

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        try (ConfigurableApplicationContext custos = BenchCustos.start("code")) {
            ApiSession person = ApiSession.signedUp(custos, "coder@example.com", "Coder", "a-long-enough-passphrase");
            UUID workspace = person.createWorkspace("Bench");
            var context = new ToolContext(new WorkspaceId(workspace), UUID.randomUUID(), new PersonId(person.personId()));
            RunCode runCode = custos.getBean(RunCode.class);
            var calculator = custos.getBean(Tools.class).builtIn("calculator").orElseThrow();
            String program = "{\"code\":\"console.log(6 * 7)\"}";

            long coldStart = System.nanoTime();
            String answer = runCode.call(context, program);
            double cold = (System.nanoTime() - coldStart) / 1e6;
            System.out.printf("machine: %d cores, Java %s; %d warm runs per case%n",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), runs);
            System.out.printf("cold: first run_code in a fresh JVM: %.0f ms (answer %s)%n", cold, answer);
            for (int i = 0; i < 50; i++) { // JIT warm-up
                runCode.call(context, program);
                calculator.call(context, "{\"expression\":\"6*7\"}");
            }
            double[] code = time(runs, () -> runCode.call(context, program));
            double[] calc = time(runs, () -> calculator.call(context, "{\"expression\":\"6*7\"}"));
            System.out.println("| case | p50 (ms) | p99 (ms) |");
            System.out.println("|---|---|---|");
            System.out.printf("| calculator (reference) | %.2f | %.2f |%n", p(calc, 0.5), p(calc, 0.99));
            System.out.printf("| run_code `console.log(6 * 7)`, warm | %.2f | %.2f |%n", p(code, 0.5), p(code, 0.99));
            System.out.printf("ratio run_code / calculator at p50: %.0fx%n", p(code, 0.5) / p(calc, 0.5));
        }
        System.exit(0);
    }

    private static double[] time(int runs, Runnable call) {
        double[] millis = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            call.run();
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(millis);
        return millis;
    }

    private static double p(double[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * quantile) - 1)];
    }
}
