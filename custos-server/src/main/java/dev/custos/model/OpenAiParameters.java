package dev.custos.model;

import java.util.Set;

import dev.custos.platform.web.CustosException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Which of a Chat Completions request's parameters Custos reads, passes on as sent, or refuses by name. */
final class OpenAiParameters {

    /** Read by Custos itself, not passed on as they came. */
    private static final Set<String> READ = Set.of("model", "messages", "tools", "stream", "stream_options", "n");
    /** Documented Chat Completions parameters passed to the provider as sent (an adapter refuses what it cannot). */
    private static final Set<String> PASSED = Set.of("frequency_penalty", "logit_bias", "logprobs",
            "max_completion_tokens", "max_tokens", "metadata", "parallel_tool_calls", "prediction",
            "presence_penalty", "prompt_cache_key", "reasoning_effort", "response_format", "safety_identifier", "seed",
            "service_tier", "stop", "store", "temperature", "tool_choice", "top_logprobs", "top_p", "user",
            "verbosity", "web_search_options");

    /** How OpenAI's API words the refusal of a parameter it does not know. */
    static final String UNRECOGNIZED = "Unrecognized request argument supplied: %s.";

    private OpenAiParameters() {
    }

    /**
     * The parameters to pass on. Audio and the deprecated {@code functions} are documented but not carried by
     * Custos; anything undocumented is refused as OpenAI refuses it, naming it, rather than dropped unseen.
     */
    static ObjectNode toPassOn(JsonMapper json, JsonNode body) {
        ObjectNode options = json.createObjectNode();
        for (String name : body.propertyNames()) {
            if (READ.contains(name)) {
                continue;
            }
            if (PASSED.contains(name)) {
                options.set(name, body.get(name));
            } else if (name.equals("modalities") && body.get(name).equals(json.createArrayNode().add("text"))) {
                continue; // text only is what Custos answers anyway
            } else if (name.equals("audio") || name.equals("modalities") || name.equals("functions")
                    || name.equals("function_call")) {
                throw CustosException.invalid("unsupported-parameter", name + " is not supported by Custos"
                        + (name.startsWith("function") ? "; describe functions as tools." : "; it answers text."))
                        .with(CustosException.PARAM, name);
            } else {
                throw GatewayCallers.unrecognized(name, UNRECOGNIZED);
            }
        }
        return options;
    }
}
