package dev.custos.agent;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

/**
 * The tools a terminal client offers from the folder it runs in ({@code custos run}): the client runs them on the
 * person's machine, after asking the person, and hands the result back. The server only describes them to the
 * model and waits; it never touches the person's files. Their names start with {@value #PREFIX}, so no server tool
 * can be taken for one.
 */
public final class LocalTools {

    public static final String PREFIX = "local_";
    /** The most of a local tool's result kept and sent on: the client cuts first, the server again. */
    public static final int MAX_RESULT_CHARS = 64_000;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Map<String, Definition> CATALOGUE = catalogue();

    private record Definition(String description, String parameters) {
    }

    private LocalTools() {
    }

    /** Every local tool's name. */
    public static List<String> names() {
        return List.copyOf(CATALOGUE.keySet());
    }

    static boolean isLocal(String name) {
        return CATALOGUE.containsKey(name);
    }

    /** Of the names a client offers, those Custos knows, in the catalogue's order; refused when any is unknown. */
    static List<String> offered(Collection<String> names) {
        for (String name : names) {
            if (!CATALOGUE.containsKey(name)) {
                throw new IllegalArgumentException(name);
            }
        }
        return CATALOGUE.keySet().stream().filter(names::contains).toList();
    }

    /** The definitions of the offered tools added to the agent's own ({@code serverTools}, a JSON array or null). */
    static @Nullable String withServerTools(@Nullable String serverTools, Collection<String> offered) {
        if (offered.isEmpty()) {
            return serverTools;
        }
        ArrayNode definitions = serverTools == null ? JSON.createArrayNode() : (ArrayNode) JSON.readTree(serverTools);
        for (String name : offered) {
            Definition definition = CATALOGUE.get(name);
            if (definition != null) {
                definitions.addObject().put("name", name).put("description", definition.description())
                        .set("parameters", JSON.readTree(definition.parameters()));
            }
        }
        return definitions.toString();
    }

    private static Map<String, Definition> catalogue() {
        Map<String, Definition> tools = new LinkedHashMap<>();
        tools.put("local_list_files", new Definition("Lists the files under a folder of the person's working folder "
                + "(ignored and secret files left out).", """
                {"type":"object","properties":{"path":{"type":"string","description":"a folder relative to the \
                working folder; empty for the working folder itself"}},"required":[]}"""));
        tools.put("local_read_file", new Definition("Reads a text file of the person's working folder, after the "
                + "person allows it.", """
                {"type":"object","properties":{"path":{"type":"string","description":"relative to the working \
                folder"}},"required":["path"]}"""));
        tools.put("local_search_files", new Definition("Finds the lines that contain a text in the files of the "
                + "person's working folder.", """
                {"type":"object","properties":{"text":{"type":"string"},"path":{"type":"string","description":\
                "a folder to search in, relative to the working folder"}},"required":["text"]}"""));
        tools.put("local_write_file", new Definition("Writes a whole text file in the person's working folder, "
                + "after the person approves it; answers with the change as a diff.", """
                {"type":"object","properties":{"path":{"type":"string"},"content":{"type":"string"}},\
                "required":["path","content"]}"""));
        tools.put("local_patch_file", new Definition("Replaces one exact passage of a text file in the person's "
                + "working folder with another, after the person approves it; answers with the diff.", """
                {"type":"object","properties":{"path":{"type":"string"},"old":{"type":"string","description":\
                "the passage as it is, found exactly once"},"new":{"type":"string"}},\
                "required":["path","old","new"]}"""));
        tools.put("local_run_command", new Definition("Runs a shell command in the person's working folder, after "
                + "the person approves it; answers with its exit code and output.", """
                {"type":"object","properties":{"command":{"type":"string"}},"required":["command"]}"""));
        return tools;
    }
}
