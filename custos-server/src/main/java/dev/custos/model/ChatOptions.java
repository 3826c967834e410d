package dev.custos.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A call's {@link ChatRequest.Options}, read for an adapter: what each parameter asks, and the refusal of those its
 * provider cannot honour, named as the client named them.
 */
final class ChatOptions {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ObjectNode parameters;

    ChatOptions(ChatRequest.Options options) {
        this.parameters = (ObjectNode) JSON.readTree(options.json());
    }

    /** The parameters as sent, to copy into an OpenAI-shaped request. */
    ObjectNode parameters() {
        return parameters;
    }

    boolean has(String name) {
        return parameters.has(name) && !parameters.get(name).isNull();
    }

    JsonNode get(String name) {
        return parameters.path(name);
    }

    /** {@code max_completion_tokens}, or the older {@code max_tokens}, or null. */
    @Nullable Long maxTokens() {
        JsonNode limit = has("max_completion_tokens") ? get("max_completion_tokens") : get("max_tokens");
        return limit.isNumber() ? limit.asLong() : null;
    }

    /** {@code stop}: one string or a list of them. */
    List<String> stop() {
        JsonNode stop = get("stop");
        List<String> sequences = new ArrayList<>();
        if (stop.isString()) {
            sequences.add(stop.asString());
        } else {
            stop.forEach(sequence -> sequences.add(sequence.asString("")));
        }
        sequences.removeIf(String::isEmpty);
        return sequences;
    }

    /**
     * Refuses the first parameter set that is not among those the provider honours.
     *
     * @param provider how the refusal names the provider ("Anthropic's API", "the offline demo model")
     */
    void refuseOthers(Set<String> honoured, String provider) {
        for (String name : parameters.propertyNames()) {
            if (!honoured.contains(name) && has(name)) {
                throw new ChatRequest.UnsupportedParameter(name, name + " is not supported by " + provider
                        + "; leave it out or choose another model.");
            }
        }
    }
}
