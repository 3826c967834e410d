package dev.custos.fakes;

import tools.jackson.databind.JsonNode;

/** What the fake read from the request: the last user message and a tool result after it, if any. */
final class FakeConversation {

    String lastUser = "";
    String lastToolResult;
    long characters;

    FakeConversation(JsonNode body) {
        characters += body.path("system").asString("").length();
        for (JsonNode message : body.path("messages")) {
            String role = message.path("role").asString("");
            JsonNode content = message.path("content");
            if (content.isArray()) { // Anthropic blocks
                for (JsonNode block : content) {
                    String text = block.path("type").asString("").equals("tool_result")
                            ? block.path("content").asString("") : block.path("text").asString("");
                    characters += text.length();
                    if (block.path("type").asString("").equals("tool_result")) {
                        lastToolResult = text;
                    } else if (role.equals("user") && !text.isEmpty()) {
                        lastUser = text;
                        lastToolResult = null;
                    }
                }
                continue;
            }
            String text = content.asString("");
            characters += text.length();
            if (role.equals("tool")) {
                lastToolResult = text;
            } else if (role.equals("user")) {
                lastUser = text;
                lastToolResult = null;
            }
        }
    }

    String lastToolResult() {
        return lastToolResult;
    }

    String answer() {
        return lastToolResult != null ? "The result is " + lastToolResult + "." : "You said: " + lastUser;
    }

    long promptTokens() {
        return Math.max(1, characters / 4);
    }
}
