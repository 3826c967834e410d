package dev.custos.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

/** Finds an agent by its id or its name, as people type them. */
final class Agents {

    private Agents() {
    }

    static JsonNode find(Api api, String workspace, String idOrName) {
        String path = "/api/workspaces/" + workspace + "/agents";
        if (isUuid(idOrName)) {
            return api.get(path + "/" + idOrName);
        }
        List<JsonNode> named = new ArrayList<>();
        for (JsonNode agent : api.get(path)) {
            if (agent.path("name").asString().toLowerCase(Locale.ROOT).equals(idOrName.toLowerCase(Locale.ROOT))) {
                named.add(agent);
            }
        }
        if (named.isEmpty()) {
            throw new CliFailure(ExitCode.NOT_FOUND, "not-found", "No agent called \"" + idOrName
                    + "\" in this workspace; custos agents list shows them.");
        }
        if (named.size() > 1) {
            throw new CliFailure(ExitCode.USAGE, "ambiguous-agent", named.size() + " agents are called \"" + idOrName
                    + "\"; name one by its id.");
        }
        return named.getFirst();
    }

    /** The workspace's agents' names by id, for tables that show agents by name. */
    static Map<String, String> names(Api api, String workspace) {
        Map<String, String> names = new HashMap<>();
        api.get("/api/workspaces/" + workspace + "/agents")
                .forEach(agent -> names.put(agent.path("id").asString(), agent.path("name").asString()));
        return names;
    }

    static boolean isUuid(String text) {
        try {
            UUID.fromString(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
