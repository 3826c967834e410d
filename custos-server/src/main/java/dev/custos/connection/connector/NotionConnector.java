package dev.custos.connection.connector;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Notion's API (version 2022-06-28): search pages and read them (their blocks' text); with write, create a page
 * under another and append paragraphs. Lists follow {@code next_cursor} while {@code has_more}.
 */
@Component
class NotionConnector implements Connector {

    static final String VERSION = "2022-06-28";
    private static final Pattern PAGE_ID = Pattern.compile("[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?"
            + "[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}");
    private static final int MAX_RESULTS = 30;
    private static final int MAX_BLOCKS = 500;
    private static final String SERVICE = "Notion";

    private static final List<Operation> OPERATIONS = List.of(
            new Operation("search", "Searches the Notion pages shared with the connection by title and text.",
                    Schemas.object("query!"), false),
            new Operation("read_page", "Reads a Notion page's title and text by its id.",
                    Schemas.object("page_id!"), false),
            new Operation("create_page", "Creates a Notion page under a parent page, with a title and text "
                    + "(one paragraph per line).", Schemas.object("parent_page_id!", "title!", "text"), true),
            new Operation("append_to_page", "Appends text (one paragraph per line) to a Notion page.",
                    Schemas.object("page_id!", "text!"), true));

    private final ConnectorHttp http;
    private final JsonMapper json;

    NotionConnector(ConnectorHttp http, JsonMapper json) {
        this.http = http;
        this.json = json;
    }

    @Override
    public ConnectorKind kind() {
        return ConnectorKind.NOTION;
    }

    @Override
    public List<Operation> operations() {
        return OPERATIONS;
    }

    @Override
    public String call(Upstream upstream, String operation, JsonNode node) {
        Arguments args = new Arguments(node);
        return switch (operation) {
            case "search" -> search(upstream, args.text("query", 500)).toString();
            case "read_page" -> {
                String id = pageId(args, "page_id");
                JsonNode page = send(upstream, "GET", "/v1/pages/" + id, null);
                yield json.createObjectNode().put("id", id).put("title", title(page))
                        .put("url", page.path("url").asString("")).put("text", text(upstream, id)).toString();
            }
            case "create_page" -> {
                ObjectNode body = json.createObjectNode();
                body.putObject("parent").put("page_id", pageId(args, "parent_page_id"));
                body.putObject("properties").putObject("title").putArray("title").addObject().putObject("text")
                        .put("content", args.text("title", 2_000));
                String text = args.optional("text", 50_000);
                if (text != null && !text.isBlank()) {
                    body.set("children", paragraphs(text));
                }
                JsonNode page = send(upstream, "POST", "/v1/pages", body);
                yield json.createObjectNode().put("created", page.path("id").asString(""))
                        .put("url", page.path("url").asString("")).toString();
            }
            case "append_to_page" -> {
                ObjectNode body = json.createObjectNode();
                body.set("children", paragraphs(args.text("text", 50_000)));
                JsonNode added = send(upstream, "PATCH", "/v1/blocks/" + pageId(args, "page_id") + "/children",
                        body);
                yield json.createObjectNode().put("appended", added.path("results").size()).toString();
            }
            default -> throw Arguments.refused("Notion has no operation '" + operation + "'.");
        };
    }

    @Override
    public Account account(Upstream upstream, JsonNode tokenResponse) {
        return new Account(tokenResponse.path("workspace_name").asString("Notion workspace"),
                tokenResponse.path("workspace_id").asString(""));
    }

    private ArrayNode search(Upstream upstream, String query) {
        ArrayNode results = json.createArrayNode();
        String cursor = null;
        for (int page = 0; page < 5 && results.size() < MAX_RESULTS; page++) {
            ObjectNode body = json.createObjectNode().put("query", query).put("page_size", 20);
            body.putObject("filter").put("property", "object").put("value", "page");
            if (cursor != null) {
                body.put("start_cursor", cursor);
            }
            JsonNode answer = send(upstream, "POST", "/v1/search", body);
            answer.path("results").forEach(found -> {
                if (results.size() < MAX_RESULTS) {
                    results.addObject().put("id", found.path("id").asString("")).put("title", title(found))
                            .put("url", found.path("url").asString(""));
                }
            });
            cursor = answer.path("has_more").asBoolean(false) ? answer.path("next_cursor").asString(null) : null;
            if (cursor == null) {
                break;
            }
        }
        return results;
    }

    /** The page's blocks' plain text, one line a block, following the children's pages. */
    private String text(Upstream upstream, String id) {
        StringBuilder text = new StringBuilder();
        String cursor = null;
        int blocks = 0;
        do {
            JsonNode answer = send(upstream, "GET", "/v1/blocks/" + id + "/children?page_size=100"
                    + (cursor == null ? "" : "&start_cursor=" + cursor), null);
            for (JsonNode block : answer.path("results")) {
                blocks++;
                StringBuilder line = new StringBuilder();
                block.path(block.path("type").asString("")).path("rich_text")
                        .forEach(part -> line.append(part.path("plain_text").asString("")));
                if (!line.isEmpty()) {
                    text.append(line).append('\n');
                }
            }
            cursor = answer.path("has_more").asBoolean(false) ? answer.path("next_cursor").asString(null) : null;
        } while (cursor != null && cursor.matches("[A-Za-z0-9_-]{1,100}") && blocks < MAX_BLOCKS);
        return text.toString().strip();
    }

    private static String title(JsonNode page) {
        for (JsonNode property : page.path("properties")) {
            if (property.path("type").asString("").equals("title")) {
                StringBuilder title = new StringBuilder();
                property.path("title").forEach(part -> title.append(part.path("plain_text").asString("")));
                return title.toString();
            }
        }
        return "";
    }

    private ArrayNode paragraphs(String text) {
        ArrayNode children = json.createArrayNode();
        for (String line : text.split("\\R")) {
            if (!line.isBlank() && children.size() < 100) {
                ObjectNode block = children.addObject().put("object", "block").put("type", "paragraph");
                block.putObject("paragraph").putArray("rich_text").addObject().put("type", "text")
                        .putObject("text").put("content", line.length() > 2_000 ? line.substring(0, 2_000) : line);
            }
        }
        return children;
    }

    private JsonNode send(Upstream upstream, String method, String path, @org.jspecify.annotations.Nullable
            JsonNode body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(upstream.api().toString().replaceAll("/$", "")
                        + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + upstream.token())
                .header("Notion-Version", VERSION).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        ConnectorHttp.Reply reply = http.send(SERVICE, request);
        JsonNode answer = reply.json(SERVICE);
        if (reply.status() == 401) {
            throw new UpstreamFailed(UpstreamFailed.Reason.UNAUTHORIZED, "Notion refused the connection's token.");
        }
        if (reply.status() >= 400) {
            throw new UpstreamFailed(UpstreamFailed.Reason.REFUSED, "Notion refused the call: "
                    + answer.path("message").asString("HTTP " + reply.status()));
        }
        return answer;
    }

    private static String pageId(Arguments args, String name) {
        String id = args.matching(name, PAGE_ID, "must be a Notion page id (32 hexadecimal digits, dashes allowed).")
                .replace("-", "").toLowerCase(java.util.Locale.ROOT);
        return id.substring(0, 8) + "-" + id.substring(8, 12) + "-" + id.substring(12, 16) + "-"
                + id.substring(16, 20) + "-" + id.substring(20);
    }
}
