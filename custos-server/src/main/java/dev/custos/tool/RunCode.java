package dev.custos.tool;

import java.util.Map;

import dev.custos.platform.Tenancy;
import dev.custos.usage.Entitlements;
import dev.custos.usage.Feature;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code run_code}: runs a JavaScript program in the {@link CodeSandbox} (TN-02) and answers with what it printed.
 * The program sees this session's files — and only them — through {@code custos.readFile}, {@code writeFile} and
 * {@code listFiles}; what it writes is stored (sealed) once it finished, so a failed run leaves nothing half-written.
 */
@Component
public class RunCode implements Tool {

    static final int MAX_CODE_CHARS = 100_000;

    private final CodeSandbox sandbox;
    private final SessionFiles files;
    private final Tenancy tenancy;
    private final JsonMapper json;
    private final Entitlements entitlements;

    RunCode(CodeSandbox sandbox, SessionFiles files, Tenancy tenancy, JsonMapper json, Entitlements entitlements) {
        this.entitlements = entitlements;
        this.sandbox = sandbox;
        this.files = files;
        this.tenancy = tenancy;
        this.json = json;
    }

    @Override
    public String name() {
        return "run_code";
    }

    @Override
    public String description() {
        return "Runs a JavaScript program (ES2023, no network, no host files) and returns what it printed with "
                + "console.log. The session's files: custos.listFiles(), custos.readFile(path) (null if missing), "
                + "custos.writeFile(path, text). Limited in time and memory.";
    }

    @Override
    public String parametersSchema() {
        return """
                {"type":"object","properties":{\
                "language":{"type":"string","enum":["javascript"]},\
                "code":{"type":"string","description":"the program; print results with console.log"}},\
                "required":["code"],"additionalProperties":false}""";
    }

    @Override
    public String call(ToolContext context, String argumentsJson) {
        String refusal = entitlements.refusal(context.workspace(), Feature.CODE_EXECUTION);
        if (refusal != null) {
            throw new ToolFailed(refusal);
        }
        String code = code(argumentsJson);
        Map<String, String> readable = tenancy.inWorkspace(context.workspace(), context.person(),
                () -> files.readAll(context));
        CodeSandbox.Outcome outcome = sandbox.run(code, readable);
        if (outcome.failed()) {
            throw new ToolFailed(outcome.error());
        }
        if (!outcome.written().isEmpty()) {
            tenancy.inWorkspace(context.workspace(), context.person(),
                    () -> outcome.written().forEach((path, text) -> files.write(context, path, text)));
        }
        StringBuilder answer = new StringBuilder(outcome.stdout().isEmpty() ? "(nothing printed)\n" : outcome.stdout());
        if (!outcome.stderr().isBlank()) {
            answer.append("\nstderr:\n").append(outcome.stderr());
        }
        if (!outcome.written().isEmpty()) {
            answer.append("\nfiles written: ").append(String.join(", ", outcome.written().keySet()));
        }
        return answer.toString().strip();
    }

    private String code(String argumentsJson) {
        JsonNode arguments;
        try {
            arguments = json.readTree(argumentsJson.isBlank() ? "{}" : argumentsJson);
        } catch (JacksonException e) {
            throw new ToolFailed("The arguments are not valid JSON.");
        }
        String language = arguments.path("language").asString("javascript");
        if (!language.equalsIgnoreCase("javascript") && !language.equalsIgnoreCase("js")) {
            throw new ToolFailed("Only JavaScript runs here; write the program in JavaScript.");
        }
        String code = arguments.path("code").asString("");
        if (code.isBlank()) {
            throw new ToolFailed("code is empty.");
        }
        if (code.length() > MAX_CODE_CHARS) {
            throw new ToolFailed("code may be at most " + MAX_CODE_CHARS + " characters.");
        }
        return code;
    }
}
