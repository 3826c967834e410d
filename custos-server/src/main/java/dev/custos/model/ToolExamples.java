package dev.custos.model;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Arguments that satisfy a tool's JSON Schema at its simplest, for the offline model to call a declared tool with. */
final class ToolExamples {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ToolExamples() {
    }

    /** An object with each required property given an example of its type (an enum's first value). */
    static String arguments(JsonNode schema) {
        ObjectNode arguments = JSON.createObjectNode();
        for (JsonNode required : schema.path("required")) {
            String name = required.asString("");
            arguments.set(name, example(schema.path("properties").path(name)));
        }
        return arguments.toString();
    }

    private static JsonNode example(JsonNode property) {
        if (property.path("enum").isArray() && !property.path("enum").isEmpty()) {
            return property.path("enum").get(0);
        }
        return switch (property.path("type").asString("string")) {
            case "integer", "number" -> JSON.getNodeFactory().numberNode(1);
            case "boolean" -> JSON.getNodeFactory().booleanNode(true);
            case "array" -> JSON.createArrayNode();
            case "object" -> JSON.readTree(arguments(property));
            default -> JSON.getNodeFactory().stringNode("example");
        };
    }
}
