package dev.custos.tool;

import java.util.List;

import dev.custos.platform.Tenancy;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Text files attached to a session, for an agent to keep notes and drafts in: list, read, write. */
@Component
public class WorkspaceFiles implements Tool {

    private final Tenancy tenancy;
    private final SessionFiles files;
    private final JsonMapper json;

    WorkspaceFiles(Tenancy tenancy, SessionFiles files, JsonMapper json) {
        this.tenancy = tenancy;
        this.files = files;
        this.json = json;
    }

    @Override
    public String name() {
        return "workspace_files";
    }

    @Override
    public String description() {
        return "Lists, reads and writes text files attached to this session.";
    }

    @Override
    public String parametersSchema() {
        return """
                {"type":"object","properties":{\
                "action":{"type":"string","enum":["list","read","write"]},\
                "path":{"type":"string","description":"e.g. notes/plan.md"},\
                "content":{"type":"string","description":"the text to write (write only)"}},\
                "required":["action"],"additionalProperties":false}""";
    }

    @Override
    public String call(ToolContext context, String argumentsJson) {
        JsonNode arguments;
        try {
            arguments = json.readTree(argumentsJson.isBlank() ? "{}" : argumentsJson);
        } catch (JacksonException e) {
            throw new ToolFailed("The arguments are not valid JSON.");
        }
        return tenancy.inWorkspace(context.workspace(), context.person(), () ->
                switch (arguments.path("action").asString("")) {
                    case "list" -> list(context);
                    case "read" -> read(context, path(arguments));
                    case "write" -> write(context, path(arguments), arguments.path("content").asString(""));
                    default -> throw new ToolFailed("action must be list, read or write.");
                });
    }

    private String list(ToolContext context) {
        List<String> listing = files.listing(context);
        return listing.isEmpty() ? "No files yet." : String.join("\n", listing);
    }

    private String read(ToolContext context, String path) {
        return files.read(context, path).orElseThrow(() -> new ToolFailed("There is no file " + path + "."));
    }

    private String write(ToolContext context, String path, String content) {
        return "Wrote " + files.write(context, path, content) + " bytes to " + path + ".";
    }

    private static String path(JsonNode arguments) {
        return SessionFiles.checkedPath(arguments.path("path").asString(""));
    }
}
