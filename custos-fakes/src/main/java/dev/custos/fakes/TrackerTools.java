package dev.custos.fakes;

import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The fake MCP server's tools: a team's ticket tracker, listed two a page, with and without annotations. */
final class TrackerTools {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int PAGE = 2;

    private TrackerTools() {
    }

    static void list(ObjectNode result, String cursor) {
        List<ObjectNode> all = List.of(
                tool("search_tickets", "Searches tickets by words in their title.", true, false,
                        "{\"type\":\"object\",\"properties\":{\"query\":{\"type\":\"string\"}},\"required\":[\"query\"]}"),
                tool("create_ticket", "Files a new ticket.", false, false,
                        "{\"type\":\"object\",\"properties\":{\"title\":{\"type\":\"string\"}},\"required\":[\"title\"]}"),
                tool("close_ticket", "Closes a ticket for good.", false, true,
                        "{\"type\":\"object\",\"properties\":{\"title\":{\"type\":\"string\"}}}"),
                tool("ping-tracker", "Checks the tracker answers.", null, null, "{\"type\":\"object\"}"));
        int from = Integer.parseInt(cursor);
        ArrayNode tools = result.putArray("tools");
        all.subList(from, Math.min(all.size(), from + PAGE)).forEach(tools::add);
        if (from + PAGE < all.size()) {
            result.put("nextCursor", String.valueOf(from + PAGE));
        }
    }

    private static ObjectNode tool(String name, String description, Boolean readOnly, Boolean destructive,
                                   String schema) {
        ObjectNode tool = JSON.createObjectNode().put("name", name).put("description", description);
        tool.set("inputSchema", JSON.readTree(schema));
        if (readOnly != null) {
            ObjectNode annotations = tool.putObject("annotations").put("readOnlyHint", readOnly);
            annotations.put("destructiveHint", destructive);
        }
        return tool;
    }

    static void call(List<String> tickets, ObjectNode result, String name, JsonNode arguments) {
        String text;
        boolean error = false;
        switch (name) {
            case "search_tickets" -> {
                String query = arguments.path("query").asString("").toLowerCase();
                text = String.join("\n", tickets.stream().filter(t -> t.toLowerCase().contains(query)).toList());
            }
            case "create_ticket" -> {
                tickets.add(arguments.path("title").asString("untitled"));
                text = "Filed ticket #" + tickets.size();
            }
            case "close_ticket" -> {
                text = tickets.remove(arguments.path("title").asString("")) ? "Closed." : "No such ticket.";
            }
            case "ping-tracker" -> text = "pong";
            default -> {
                text = "Unknown tool: " + name;
                error = true;
            }
        }
        result.putArray("content").addObject().put("type", "text").put("text", text);
        result.put("isError", error);
    }
}
