package dev.custos.tool;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import dev.custos.platform.Tenancy;
import dev.custos.platform.WorkspaceId;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

/** The registry of tools an agent can be given, by name: the built-in ones and each workspace's own. */
@Service
public class Tools {

    private final Map<String, Tool> builtIn = new TreeMap<>();
    private final List<ToolSource> sources;
    private final Tenancy tenancy;
    private final JsonMapper json;

    Tools(List<Tool> tools, List<ToolSource> sources, Tenancy tenancy, JsonMapper json) {
        tools.forEach(tool -> builtIn.put(tool.name(), tool));
        this.sources = List.copyOf(sources);
        this.tenancy = tenancy;
        this.json = json;
    }

    /** The built-in tools, which every workspace has. */
    public Collection<Tool> builtIn() {
        return builtIn.values();
    }

    /** The built-in tools, then the workspace's own (from its connections), offered or not. */
    public List<Tool> available(WorkspaceId workspace) {
        List<Tool> all = new ArrayList<>(builtIn.values());
        tenancy.inWorkspace(workspace, null, () -> sources.forEach(source -> all.addAll(source.tools(workspace))));
        return all;
    }

    public Optional<Tool> find(WorkspaceId workspace, String name) {
        Tool tool = builtIn.get(name);
        return tool != null ? Optional.of(tool)
                : available(workspace).stream().filter(candidate -> candidate.name().equals(name)).findFirst();
    }

    /** A built-in tool by name. */
    public Optional<Tool> builtIn(String name) {
        return Optional.ofNullable(builtIn.get(name));
    }

    /**
     * The definitions of the named tools the model is offered now, as a JSON array of
     * {@code {name, description, parameters}}; null when there are none. Names the workspace no longer has (a
     * connection's tool that went away) and tools not offered are left out: the model never hears of them.
     */
    public @Nullable String definitionsJson(WorkspaceId workspace, Collection<String> names) {
        if (names.isEmpty()) {
            return null;
        }
        Map<String, Tool> known = new TreeMap<>();
        (names.stream().allMatch(builtIn::containsKey) ? builtIn.values() : available(workspace))
                .forEach(tool -> known.put(tool.name(), tool));
        ArrayNode definitions = json.createArrayNode();
        for (String name : names) {
            Tool tool = known.get(name);
            if (tool != null && tool.offered()) {
                definitions.addObject().put("name", tool.name()).put("description", tool.description())
                        .set("parameters", json.readTree(tool.parametersSchema()));
            }
        }
        return definitions.isEmpty() ? null : definitions.toString();
    }
}
