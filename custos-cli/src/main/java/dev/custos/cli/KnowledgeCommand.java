package dev.custos.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code custos knowledge list | create | add | search}: the workspace's knowledge bases. */
@Command(name = "knowledge", description = "List and create knowledge bases, add documents, search them.",
        subcommands = {KnowledgeCommand.ListBases.class, KnowledgeCommand.Create.class, KnowledgeCommand.Add.class,
                KnowledgeCommand.Search.class})
final class KnowledgeCommand {

    static String bases(Context context, Common common) {
        return "/api/workspaces/" + context.workspace(common.workspace) + "/knowledge-bases";
    }

    /** A base by name or id; the only one when none is named. */
    static JsonNode base(Context context, Common common, String nameOrId) {
        JsonNode all = context.api().get(bases(context, common));
        if (nameOrId == null) {
            if (all.size() == 1) {
                return all.get(0);
            }
            throw new CliFailure(ExitCode.USAGE, "base-required", all.isEmpty()
                    ? "This workspace has no knowledge base yet: create one with custos knowledge create NAME."
                    : "Name the knowledge base with --base.");
        }
        for (JsonNode base : all) {
            if (base.path("id").asString().equals(nameOrId) || base.path("name").asString().equalsIgnoreCase(nameOrId)) {
                return base;
            }
        }
        throw new CliFailure(ExitCode.NOT_FOUND, "not-found", "There is no knowledge base " + nameOrId + ".");
    }

    @Command(name = "list", description = "List the knowledge bases: documents, passages, search.")
    static final class ListBases implements Callable<Integer> {

        private final Context context;

        @Mixin
        Common common;

        ListBases(Context context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            JsonNode all = context.api().get(bases(context, common));
            if (common.json) {
                context.terminal().out().println(all);
                return ExitCode.OK;
            }
            var table = new Table("NAME", "DOCUMENTS", "PASSAGES", "SEARCH", "ID");
            all.forEach(b -> table.row(b.path("name").asString(), b.path("documents").asLong(),
                    b.path("chunks").asLong(), search(b.path("embeddings").asString()), b.path("id").asString()));
            table.print(context.terminal().out());
            return ExitCode.OK;
        }
    }

    private static String search(String embeddings) {
        return switch (embeddings) {
            case "none" -> "full-text";
            case "local" -> "full-text + vectors";
            default -> "full-text + vectors (" + embeddings + ")";
        };
    }

    @Command(name = "create", description = "Create a knowledge base.")
    static final class Create implements Callable<Integer> {

        private final Context context;

        @Mixin
        Common common;

        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--vectors", description = "Also search by meaning, with the model inside Custos.")
        boolean vectors;

        @Option(names = "--embeddings", paramLabel = "PROVIDER/MODEL",
                description = "Also search by meaning, with vectors from this provider's model (passages are sent "
                        + "to it).")
        String embeddings;

        Create(Context context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            JsonNode made = context.api().post(bases(context, common), Map.of("name", name, "embeddings",
                    embeddings != null ? embeddings : vectors ? "local" : "none"));
            context.terminal().out().println(common.json ? made.toString()
                    : "Created " + made.path("name").asString() + " (" + made.path("id").asString() + ").");
            return ExitCode.OK;
        }
    }

    @Command(name = "add", description = "Upload documents (PDF, Word, HTML, Markdown, text), with a progress bar.")
    static final class Add implements Callable<Integer> {

        private final Context context;

        @Mixin
        Common common;

        @Parameters(paramLabel = "FILE", arity = "1..*", description = "The documents to add.")
        List<Path> files;

        @Option(names = "--base", paramLabel = "NAME", description = "The knowledge base (needed when there are several).")
        String base;

        Add(Context context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            String documents = bases(context, common) + "/" + base(context, common, base).path("id").asString()
                    + "/documents";
            for (Path file : files) {
                if (!Files.isRegularFile(file)) {
                    throw new CliFailure(ExitCode.USAGE, "cannot-read", "There is no file " + file + ".");
                }
            }
            for (Path file : files) {
                var progress = new ExportCommand.Progress(context.terminal().err());
                progress.of(sizeOf(file));
                JsonNode uploaded = context.api().upload(documents, file, contentType(file), progress::at);
                progress.done();
                context.terminal().out().println(common.json ? uploaded.toString()
                        : file.getFileName() + ": uploaded, " + uploaded.path("status").asString() + ".");
            }
            return ExitCode.OK;
        }

        private static long sizeOf(Path file) {
            try {
                return Files.size(file);
            } catch (IOException e) {
                return -1;
            }
        }

        private static String contentType(Path file) {
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".pdf")) {
                return "application/pdf";
            }
            if (name.endsWith(".docx")) {
                return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
            }
            if (name.endsWith(".html") || name.endsWith(".htm")) {
                return "text/html";
            }
            return name.endsWith(".md") ? "text/markdown" : "application/octet-stream";
        }
    }

    @Command(name = "search", description = "Search the workspace's knowledge; passages with where they come from.")
    static final class Search implements Callable<Integer> {

        private final Context context;

        @Mixin
        Common common;

        @Parameters(paramLabel = "QUERY", arity = "1..*")
        List<String> words;

        @Option(names = "--limit", defaultValue = "5")
        int limit;

        Search(Context context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            JsonNode hits = context.api().get("/api/workspaces/" + context.workspace(common.workspace)
                    + "/knowledge-search?limit=" + limit + "&q=" + Api.encode(String.join(" ", words)));
            if (common.json) {
                context.terminal().out().println(hits);
                return ExitCode.OK;
            }
            int n = 1;
            for (JsonNode hit : hits) {
                context.terminal().out().println("[" + n++ + "] " + hit.path("title").asString() + ", passage "
                        + (hit.path("seq").asInt() + 1));
                context.terminal().out().println("    " + hit.path("text").asString().replace("\n", "\n    "));
            }
            if (hits.isEmpty()) {
                context.terminal().out().println("Nothing matches.");
            }
            return ExitCode.OK;
        }
    }
}
