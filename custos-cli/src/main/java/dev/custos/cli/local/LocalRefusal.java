package dev.custos.cli.local;

/** A local tool call refused before anything was touched: the message says why, to the person and the model. */
final class LocalRefusal extends RuntimeException {

    LocalRefusal(String message) {
        super(message, null, false, false);
    }
}
