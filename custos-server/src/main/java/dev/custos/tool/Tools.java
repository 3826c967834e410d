package dev.custos.tool;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

/** The registry of tools an agent can be given, by name. */
@Service
public class Tools {

    private final Map<String, Tool> byName = new TreeMap<>();
    private final JsonMapper json;

    Tools(List<Tool> tools, JsonMapper json) {
        tools.forEach(tool -> byName.put(tool.name(), tool));
        this.json = json;
    }

    public Collection<Tool> all() {
        return byName.values();
    }

    public Optional<Tool> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The definitions of the named tools as a JSON array of {@code {name, description, parameters}}. */
    public String definitionsJson(Collection<String> names) {
        ArrayNode definitions = json.createArrayNode();
        for (String name : names) {
            Tool tool = find(name).orElseThrow(() -> new IllegalArgumentException("unknown tool " + name));
            definitions.addObject().put("name", tool.name()).put("description", tool.description())
                    .set("parameters", json.readTree(tool.parametersSchema()));
        }
        return definitions.toString();
    }
}
