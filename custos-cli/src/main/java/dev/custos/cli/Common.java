package dev.custos.cli;

import picocli.CommandLine.Option;

/** Options every command that shows results takes. */
final class Common {

    @Option(names = "--json", description = "Print machine-readable JSON instead of text.")
    boolean json;

    @Option(names = {"-w", "--workspace"}, paramLabel = "ID",
            description = "The workspace to act in (default: the one you signed in to).")
    String workspace;
}
