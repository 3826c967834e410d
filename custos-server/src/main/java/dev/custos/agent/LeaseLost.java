package dev.custos.agent;

/** Another node claimed the run (this one was presumed dead): this node lets go and writes nothing more. */
final class LeaseLost extends RuntimeException {
    LeaseLost() {
        super(null, null, false, false);
    }
}
