package dev.custos.model;

import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The offline demo model: answers from a script instead of a network, deterministically, streamed word by word,
 * with token counts of the usual size (about four characters a token). Demos and tests run on it without any
 * provider; everywhere it shows, it is labelled {@value #LABEL}.
 */
public final class ScriptedProvider implements ModelProvider {

    public static final String LABEL = "offline demo model";
    /**
     * What a deterministic script can honour: a length limit and stop sequences are applied; sampling
     * parameters change nothing in a script's answer, which is still a valid sample; {@code store} is honoured by
     * keeping nothing. The rest (log probabilities, structured output...) it cannot make, so it refuses them.
     */
    private static final Set<String> HONOURED = Set.of("max_tokens", "max_completion_tokens", "stop",
            "temperature", "top_p", "seed", "presence_penalty", "frequency_penalty", "user", "safety_identifier",
            "store", "metadata", "parallel_tool_calls", "tool_choice", "prompt_cache_key", "service_tier");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern WORDS = Pattern.compile("\\S+\\s*|\\s+");

    /**
     * What the model does when the latest user message contains {@code when} (ignoring case): call the tool, if
     * one is named and has not answered yet, else reply.
     */
    public record Rule(String when, String reply, @Nullable String toolName, @Nullable String toolArgumentsJson) {
    }

    private final List<Rule> rules;
    private final String fallback;
    private final Duration pace;

    /** @param pace the pause before each word, so a stream looks (and is consumed) like a model's */
    public ScriptedProvider(List<Rule> rules, String fallback, Duration pace) {
        this.rules = List.copyOf(rules);
        this.fallback = fallback;
        this.pace = pace;
    }

    /** The script of the demo workspace. */
    public static ScriptedProvider demo() {
        return new ScriptedProvider(List.of(
                // "calculate" first: "calculate six times seven" is arithmetic, not a question about the time.
                new Rule("calculate", "The result is {tool}.", "calculator", "{\"expression\":\"6*7\"}"),
                new Rule("code", "The program printed: {tool}", "run_code", "{\"language\":\"javascript\","
                        + "\"code\":\"const primes = [];\\nfor (let n = 2; n < 50; n++) "
                        + "if (primes.every(p => n % p)) primes.push(n);\\nconsole.log(primes.join(' '));\"}"),
                new Rule("handbook", "From the handbook: {tool}", "knowledge_search",
                        "{\"query\":\"what does Custos keep private\",\"limit\":1}"),
                new Rule("time", "It is {tool} right now.", "datetime", "{}"),
                new Rule("save a note", "Noted: {tool}", "workspace_files",
                        "{\"action\":\"write\",\"path\":\"note.md\",\"content\":\"A note from the offline demo.\"}"),
                // The folder of a terminal client that offers it (custos run): its local tools.
                new Rule("readme", "README.md begins: {tool-start}", "local_read_file", "{\"path\":\"README.md\"}"),
                new Rule("typo", "About the typo: {tool}", "local_patch_file",
                        "{\"path\":\"notes.txt\",\"old\":\"teh\",\"new\":\"the\"}"),
                new Rule("list the files", "Here is what the folder holds:\n{tool}", "local_list_files", "{}"),
                new Rule("run a command", "The command answered: {tool}", "local_run_command",
                        "{\"command\":\"echo hello from your terminal\"}"),
                new Rule("hello", "Hello! I am the " + LABEL + ": I answer from a script, with no network.",
                        null, null)),
                "I am the " + LABEL + ". Ask me about the time, to calculate something, to run some code, to look "
                        + "something up in the handbook, to save a note, or just say hello. From a terminal "
                        + "(custos run), ask me to summarise the README, fix the typo in notes.txt, list the files "
                        + "or run a command.",
                Duration.ofMillis(20));
    }

    @Override
    public void stream(ChatRequest request, Consumer<ChatEvent> events) {
        ChatOptions options = new ChatOptions(request.options());
        options.refuseOthers(HONOURED, "the " + LABEL);
        List<ChatRequest.Message> messages = request.messages();
        Map<String, JsonNode> declared = declaredTools(request.toolsJson());
        JsonNode choice = options.get("tool_choice");
        if (choice.asString("").equals("none")) {
            declared.clear();
        }
        String required = choice.isObject() ? choice.path("function").path("name").asString(null)
                : choice.asString("").equals("required") && !declared.isEmpty() ? declared.keySet().iterator().next()
                : null;
        ChatRequest.Message last = messages.isEmpty() ? ChatRequest.Message.of("user", "") : messages.getLast();
        String reply;
        if (last.role().equals("tool") && last.content().startsWith("A person rejected")) {
            reply = "I did not run the tool: a person rejected the call. Tell me if you want something else.";
        } else if (last.role().equals("tool")) {
            reply = ruleFor(lastUserMessage(messages)).map(rule -> rule.reply().replace("{tool}", last.content())
                            .replace("{tool-start}", opening(last.content())))
                    .orElse("The tool answered: " + last.content());
        } else {
            Rule rule = ruleFor(last.content()).orElse(null);
            String named = required != null && declared.containsKey(required) ? required
                    : namedTool(last.content(), declared);
            if (rule != null && rule.toolName() != null && declared.containsKey(rule.toolName())) {
                callTool(events, messages, rule.toolName(),
                        rule.toolArgumentsJson() == null ? "{}" : rule.toolArgumentsJson());
                return;
            }
            if (named != null) { // a tool the caller declared, asked for by name: called with example arguments
                callTool(events, messages, named, ToolExamples.arguments(declared.get(named)));
                return;
            }
            reply = rule == null ? fallback : rule.toolName() == null ? rule.reply()
                    : "I would use the " + rule.toolName() + " tool for that, but it is not offered to me here.";
        }
        String finish = "stop";
        Long maxTokens = options.maxTokens();
        int stopAt = options.stop().stream().mapToInt(reply::indexOf).filter(at -> at >= 0).min().orElse(-1);
        if (stopAt >= 0) {
            reply = reply.substring(0, stopAt);
        }
        StringBuilder sent = new StringBuilder();
        Matcher words = WORDS.matcher(reply);
        while (words.find()) {
            if (maxTokens != null && tokens(sent + words.group()) > maxTokens) {
                finish = "length";
                break;
            }
            pause();
            sent.append(words.group());
            events.accept(new ChatEvent.TextDelta(words.group()));
        }
        events.accept(new ChatEvent.Usage(tokens(messages), tokens(sent.toString())));
        events.accept(new ChatEvent.Finished(finish));
    }

    /** A text's first paragraph that is not a heading, at most 300 characters: what a script can say of a file. */
    private static String opening(String text) {
        String paragraph = java.util.Arrays.stream(text.strip().split("\n\\s*\n")).map(String::strip)
                .filter(part -> !part.startsWith("#") && !part.isEmpty()).findFirst().orElse(text.strip());
        return paragraph.length() <= 300 ? paragraph : paragraph.substring(0, 299) + "…";
    }

    private static void callTool(Consumer<ChatEvent> events, List<ChatRequest.Message> messages, String tool,
                                 String arguments) {
        events.accept(new ChatEvent.Usage(tokens(messages), 12));
        events.accept(new ChatEvent.ToolCall("call_" + messages.size(), tool, arguments));
        events.accept(new ChatEvent.Finished("tool_calls"));
    }

    /** The tools the call offers, by name, with their parameters' schema. */
    private static Map<String, JsonNode> declaredTools(@Nullable String toolsJson) {
        Map<String, JsonNode> tools = new LinkedHashMap<>();
        if (toolsJson != null) {
            JSON.readTree(toolsJson).forEach(tool -> tools.put(tool.path("name").asString(""),
                    tool.path("parameters")));
        }
        return tools;
    }

    /** A declared tool the message names, the longest name first ("get_weather_now" before "get_weather"). */
    private static @Nullable String namedTool(String message, Map<String, JsonNode> declared) {
        String lower = message.toLowerCase(Locale.ROOT);
        return declared.keySet().stream().filter(name -> !name.isEmpty())
                .filter(name -> lower.contains(name.toLowerCase(Locale.ROOT)))
                .max(Comparator.comparingInt(String::length)).orElse(null);
    }

    private void pause() {
        if (pace.isZero()) {
            return;
        }
        try {
            Thread.sleep(pace);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelCallFailed("The model call was interrupted.", 0, false, e);
        }
    }

    private Optional<Rule> ruleFor(String userMessage) {
        String lower = userMessage.toLowerCase(Locale.ROOT);
        return rules.stream().filter(rule -> lower.contains(rule.when().toLowerCase(Locale.ROOT))).findFirst();
    }

    private static String lastUserMessage(List<ChatRequest.Message> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).role().equals("user")) {
                return messages.get(i).content();
            }
        }
        return "";
    }

    private static long tokens(List<ChatRequest.Message> messages) {
        return messages.stream().mapToLong(message -> tokens(message.content()) + 4).sum();
    }

    private static long tokens(String text) {
        return Math.max(1, (text.length() + 3) / 4);
    }
}
