package dev.custos.agent;

/** A person asked the run to stop: thrown from wherever the run notices, caught by {@link AgentRunner}. */
final class RunCancelled extends RuntimeException {
    RunCancelled() {
        super(null, null, false, false);
    }
}
