package dev.custos.fakes;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

/** What the fake read from the request: the last user message and a tool result after it, if any. */
final class FakeConversation {

    private static final Pattern DIRECTED = Pattern.compile("call ([A-Za-z0-9_-]+)\\s*(\\{.*})?", Pattern.DOTALL);

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

    /** The tool call a {@code call <tool> <json>} message asks for, before its result is in. */
    Optional<ScriptedReply> directedToolCall() {
        Matcher call = DIRECTED.matcher(lastUser.strip());
        if (lastToolResult != null || !call.matches()) {
            return Optional.empty();
        }
        return Optional.of(ScriptedReply.toolCall(call.group(1), call.group(2) == null ? "{}" : call.group(2)));
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
