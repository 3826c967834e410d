package dev.custos.knowledge;

import java.util.List;

import dev.custos.tool.Tool;
import dev.custos.tool.ToolContext;
import dev.custos.tool.ToolFailed;
import dev.custos.platform.web.CustosException;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code knowledge_search}: the passages of the workspace's knowledge bases that best answer a query, each with a
 * numbered citation — the document's title and the link the dashboard shows it at — for the model to cite.
 */
@Component
class KnowledgeSearchTool implements Tool {

    private final KnowledgeSearch search;
    private final JsonMapper json;

    KnowledgeSearchTool(KnowledgeSearch search, JsonMapper json) {
        this.search = search;
        this.json = json;
    }

    @Override
    public String name() {
        return "knowledge_search";
    }

    @Override
    public String description() {
        return "Searches this workspace's knowledge bases and returns the best passages, numbered; cite them as "
                + "[1], [2] with their titles.";
    }

    @Override
    public String parametersSchema() {
        return """
                {"type":"object","properties":{\
                "query":{"type":"string","description":"what to look for, in words"},\
                "limit":{"type":"integer","minimum":1,"maximum":20,"description":"how many passages (default 5)"}},\
                "required":["query"],"additionalProperties":false}""";
    }

    @Override
    public String call(ToolContext context, String argumentsJson) {
        JsonNode arguments;
        try {
            arguments = json.readTree(argumentsJson.isBlank() ? "{}" : argumentsJson);
        } catch (JacksonException e) {
            throw new ToolFailed("The arguments are not valid JSON.");
        }
        List<KnowledgeSearch.Hit> hits;
        try {
            hits = search.search(context.workspace(), context.person(), null, arguments.path("query").asString(""),
                    arguments.path("limit").asInt(5));
        } catch (CustosException e) {
            throw new ToolFailed(e.getMessage());
        }
        return KnowledgeSearch.cited(context.workspace(), hits);
    }
}
