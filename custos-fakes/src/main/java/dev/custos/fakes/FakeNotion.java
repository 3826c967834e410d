package dev.custos.fakes;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static dev.custos.fakes.Exchanges.json;

/**
 * Notion's public integration OAuth flow and API (version {@code 2022-06-28}) for one workspace, on a loopback
 * port: {@code /v1/oauth/authorize}, {@code /v1/oauth/token} (JSON, client credentials as HTTP Basic), and
 * {@code /v1/search}, {@code /v1/pages}, {@code /v1/blocks/{id}/children} with a bearer token and a
 * {@code Notion-Version} header (else 400 {@code missing_version}). Lists are paginated with {@code start_cursor},
 * {@code next_cursor} and {@code has_more}, two results a page; errors are Notion's
 * {@code {"object": "error", "status", "code", "message"}}.
 */
public final class FakeNotion extends FakeSaas {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int PAGE = 2;
    private static final Pattern CHILDREN = Pattern.compile("/v1/blocks/([0-9a-f-]{36})/children");
    private static final Pattern PAGE_PATH = Pattern.compile("/v1/pages/([0-9a-f-]{36})");

    /** A page: its title, its parent page (null at the top) and its paragraphs. */
    public record Page(String id, String title, String parent, List<String> paragraphs) {
    }

    private final Map<String, Page> pages = new ConcurrentHashMap<>();

    private FakeNotion() throws IOException {
        super(false);
        add(new Page("2f1c7a34-0000-4000-8000-000000000001", "Team handbook", null, List.of(
                "Holidays are booked in the HR tool.", "On-call rotates every Monday.",
                "Expenses are filed within 30 days.")));
        add(new Page("2f1c7a34-0000-4000-8000-000000000002", "Release checklist", null, List.of(
                "Tag the release.", "Write the release notes.")));
        add(new Page("2f1c7a34-0000-4000-8000-000000000003", "Meeting notes", null, List.of("Nothing yet.")));
    }

    public static FakeNotion start() throws IOException {
        return new FakeNotion();
    }

    public List<Page> pages() {
        return List.copyOf(pages.values());
    }

    public Page page(String id) {
        return pages.get(id);
    }

    private void add(Page page) {
        pages.put(page.id(), page);
    }

    @Override
    protected String authorizePath() {
        return "/v1/oauth/authorize";
    }

    @Override
    protected String tokenPath() {
        return "/v1/oauth/token";
    }

    @Override
    protected String tokenPrefix() {
        return "ntn_";
    }

    @Override
    protected void token(HttpExchange exchange) throws IOException {
        JsonNode body = JSON.readTree(Exchanges.body(exchange));
        Map<String, String> params = new LinkedHashMap<>();
        body.properties().forEach(field -> params.put(field.getKey(), field.getValue().asString()));
        String[] basic = Exchanges.basic(exchange);
        OAuthGrants.Result result = redeem(params, basic[0], basic[1]);
        if (result.issued() == null) {
            error(exchange, 400, result.error(), "The grant was refused.");
            return;
        }
        ObjectNode answer = JSON.createObjectNode().put("access_token", result.issued().accessToken())
                .put("token_type", "bearer").put("bot_id", "b0t-1d").put("workspace_id", "ws-acme")
                .put("workspace_name", "Acme wiki").putNull("workspace_icon").putNull("duplicated_template_id");
        answer.putObject("owner").put("type", "user").putObject("user").put("object", "user").put("id", "u-admin");
        if (result.issued().refreshToken() != null) {
            answer.put("refresh_token", result.issued().refreshToken()).put("expires_in", result.issued().expiresIn());
        }
        json(exchange, 200, answer);
    }

    @Override
    protected void unauthorized(HttpExchange exchange) throws IOException {
        error(exchange, 401, "unauthorized", "API token is invalid.");
    }

    @Override
    protected void tooManyRequests(HttpExchange exchange) throws IOException {
        error(exchange, 429, "rate_limited", "You have been rate limited. Please try again in a few minutes.");
    }

    @Override
    protected void api(HttpExchange exchange, String path) throws IOException {
        if (!"2022-06-28".equals(exchange.getRequestHeaders().getFirst("Notion-Version"))) {
            error(exchange, 400, "missing_version", "Notion-Version header failed validation.");
            return;
        }
        String method = exchange.getRequestMethod();
        Map<String, String> query = Exchanges.form(exchange.getRequestURI().getRawQuery());
        Matcher matcher;
        if (path.equals("/v1/search") && method.equals("POST")) {
            JsonNode body = JSON.readTree(Exchanges.body(exchange));
            String words = body.path("query").asString("").toLowerCase(Locale.ROOT);
            List<JsonNode> found = pages.values().stream()
                    .filter(page -> (page.title() + " " + String.join(" ", page.paragraphs()))
                            .toLowerCase(Locale.ROOT).contains(words))
                    .sorted((a, b) -> a.id().compareTo(b.id())).map(this::pageJson).map(JsonNode.class::cast)
                    .toList();
            list(exchange, found, body.path("start_cursor").asString(""));
        } else if (path.equals("/v1/pages") && method.equals("POST")) {
            JsonNode body = JSON.readTree(Exchanges.body(exchange));
            String parent = body.path("parent").path("page_id").asString("");
            String title = body.path("properties").path("title").path("title").path(0).path("text")
                    .path("content").asString("");
            if (!pages.containsKey(parent) || title.isBlank()) {
                error(exchange, 400, "validation_error", pages.containsKey(parent) ? "Title is required."
                        : "Could not find page with ID: " + parent + ".");
                return;
            }
            Page page = new Page(UUID.randomUUID().toString(), title, parent, paragraphs(body.path("children")));
            add(page);
            json(exchange, 200, pageJson(page));
        } else if ((matcher = PAGE_PATH.matcher(path)).matches() && method.equals("GET")) {
            Page page = pages.get(matcher.group(1));
            if (page == null) {
                notFound(exchange, matcher.group(1));
                return;
            }
            json(exchange, 200, pageJson(page));
        } else if ((matcher = CHILDREN.matcher(path)).matches()) {
            Page page = pages.get(matcher.group(1));
            if (page == null) {
                notFound(exchange, matcher.group(1));
                return;
            }
            if (method.equals("PATCH")) {
                List<String> added = paragraphs(JSON.readTree(Exchanges.body(exchange)).path("children"));
                List<String> all = new ArrayList<>(page.paragraphs());
                all.addAll(added);
                add(new Page(page.id(), page.title(), page.parent(), List.copyOf(all)));
                list(exchange, added.stream().map(FakeNotion::block).map(JsonNode.class::cast).toList(), "");
            } else {
                list(exchange, page.paragraphs().stream().map(FakeNotion::block).map(JsonNode.class::cast).toList(),
                        query.getOrDefault("start_cursor", ""));
            }
        } else {
            error(exchange, 400, "invalid_request_url", "Invalid request URL.");
        }
    }

    private static List<String> paragraphs(JsonNode children) {
        List<String> texts = new ArrayList<>();
        for (JsonNode child : children) {
            StringBuilder text = new StringBuilder();
            child.path(child.path("type").asString("paragraph")).path("rich_text")
                    .forEach(part -> text.append(part.path("text").path("content").asString("")));
            texts.add(text.toString());
        }
        return texts;
    }

    private ObjectNode pageJson(Page page) {
        ObjectNode node = JSON.createObjectNode().put("object", "page").put("id", page.id())
                .put("url", baseUrl() + "/" + page.title().replace(' ', '-') + "-" + page.id().replace("-", ""))
                .put("created_time", "2026-11-01T09:00:00.000Z").put("archived", false);
        ObjectNode parent = node.putObject("parent");
        if (page.parent() == null) {
            parent.put("type", "workspace").put("workspace", true);
        } else {
            parent.put("type", "page_id").put("page_id", page.parent());
        }
        node.putObject("properties").putObject("title").put("id", "title").put("type", "title").putArray("title")
                .addObject().put("type", "text").put("plain_text", page.title()).putObject("text")
                .put("content", page.title());
        return node;
    }

    private static ObjectNode block(String text) {
        ObjectNode block = JSON.createObjectNode().put("object", "block").put("id", UUID.randomUUID().toString())
                .put("type", "paragraph").put("has_children", false);
        block.putObject("paragraph").putArray("rich_text").addObject().put("type", "text").put("plain_text", text)
                .putObject("text").put("content", text);
        return block;
    }

    private static void list(HttpExchange exchange, List<JsonNode> items, String cursor) throws IOException {
        int from = cursor.isEmpty() ? 0 : Integer.parseInt(cursor.substring("cursor-".length()));
        ObjectNode answer = JSON.createObjectNode().put("object", "list");
        ArrayNode results = answer.putArray("results");
        items.subList(Math.min(from, items.size()), Math.min(items.size(), from + PAGE)).forEach(results::add);
        boolean more = from + PAGE < items.size();
        answer.put("has_more", more);
        if (more) {
            answer.put("next_cursor", "cursor-" + (from + PAGE));
        } else {
            answer.putNull("next_cursor");
        }
        json(exchange, 200, answer);
    }

    private static void notFound(HttpExchange exchange, String id) throws IOException {
        error(exchange, 404, "object_not_found", "Could not find page with ID: " + id + ".");
    }

    private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        json(exchange, status, Map.of("object", "error", "status", status, "code", code, "message", message));
    }
}
