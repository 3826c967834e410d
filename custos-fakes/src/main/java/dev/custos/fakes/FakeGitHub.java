package dev.custos.fakes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static dev.custos.fakes.Exchanges.form;
import static dev.custos.fakes.Exchanges.json;

/**
 * GitHub's OAuth app flow and REST API (version {@code 2022-11-28}) for one repository, {@code acme/widgets}, on a
 * loopback port. OAuth as github.com speaks it: {@code /login/oauth/authorize} (PKCE S256 required here, as a
 * careful app would configure it), {@code /login/oauth/access_token} taking a form and answering JSON — with
 * errors as {@code 200 {"error": ...}}, as GitHub does. The API wants a {@code User-Agent} (else 403) and a bearer
 * token; lists come two to a page with a {@code Link: <...>; rel="next"} header, so clients must follow it.
 */
public final class FakeGitHub extends FakeSaas {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int PAGE = 2;
    private static final Pattern REPO = Pattern.compile("/repos/acme/widgets(/.*)?");

    /** An issue (or a pull request, which GitHub also lists as an issue). */
    public record Issue(int number, String title, String body, String state, String author) {
    }

    /** A comment the API accepted. */
    public record Comment(int issue, String body) {
    }

    private final GitHubRepository repository = new GitHubRepository();
    private final List<Issue> issues = repository.issues();
    private final List<Comment> comments = new CopyOnWriteArrayList<>();
    private final Map<String, String> files = GitHubRepository.FILES;

    private FakeGitHub() throws IOException {
        super(true);
    }

    public static FakeGitHub start() throws IOException {
        return new FakeGitHub();
    }

    public List<Issue> issues() {
        return List.copyOf(issues);
    }

    public List<Comment> comments() {
        return List.copyOf(comments);
    }

    @Override
    protected String authorizePath() {
        return "/login/oauth/authorize";
    }

    @Override
    protected String tokenPath() {
        return "/login/oauth/access_token";
    }

    @Override
    protected String tokenPrefix() {
        return "gho_";
    }

    @Override
    protected void token(HttpExchange exchange) throws IOException {
        Map<String, String> params = form(Exchanges.body(exchange));
        OAuthGrants.Result result = redeem(params, params.getOrDefault("client_id", ""), params.getOrDefault("client_secret", ""));
        if (result.issued() == null) {
            json(exchange, 200, Map.of("error", result.error().equals("invalid_grant") ? "bad_verification_code"
                    : result.error(), "error_description", "The code passed is incorrect or expired."));
            return;
        }
        ObjectNode answer = JSON.createObjectNode().put("access_token", result.issued().accessToken())
                .put("token_type", "bearer").put("scope", "repo");
        if (result.issued().refreshToken() != null) {
            answer.put("expires_in", result.issued().expiresIn()).put("refresh_token", result.issued().refreshToken())
                    .put("refresh_token_expires_in", 15_811_200);
        }
        json(exchange, 200, answer);
    }

    @Override
    protected void unauthorized(HttpExchange exchange) throws IOException {
        json(exchange, 401, Map.of("message", "Bad credentials", "documentation_url",
                "https://docs.github.com/rest", "status", "401"));
    }

    @Override
    protected void tooManyRequests(HttpExchange exchange) throws IOException {
        json(exchange, 429, Map.of("message", "You have exceeded a secondary rate limit.", "status", "429"));
    }

    @Override
    protected void api(HttpExchange exchange, String path) throws IOException {
        if (exchange.getRequestHeaders().getFirst("User-Agent") == null) {
            json(exchange, 403, Map.of("message", "Request forbidden by administrative rules. Please make sure your "
                    + "request has a User-Agent header."));
            return;
        }
        Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
        String method = exchange.getRequestMethod();
        if (path.equals("/user")) {
            json(exchange, 200, Map.of("login", "octo-admin", "id", 583231, "type", "User"));
        } else if (path.equals("/search/issues")) {
            page(exchange, path, query, repository.matching(query.getOrDefault("q", "")).stream().map(this::issueJson).toList(),
                    true);
        } else if (path.equals("/search/code")) {
            String words = query.getOrDefault("q", "").replaceAll("repo:\\S+", "").strip().toLowerCase(Locale.ROOT);
            List<JsonNode> items = files.entrySet().stream()
                    .filter(file -> file.getValue().toLowerCase(Locale.ROOT).contains(words))
                    .map(file -> (JsonNode) JSON.createObjectNode().put("name", file.getKey())
                            .put("path", file.getKey()).put("html_url", html("blob/main/" + file.getKey()))
                            .set("repository", JSON.createObjectNode().put("full_name", "acme/widgets")))
                    .sorted((a, b) -> a.path("path").asString().compareTo(b.path("path").asString()))
                    .toList();
            page(exchange, path, query, items, true);
        } else {
            Matcher repo = REPO.matcher(path);
            if (!repo.matches()) {
                notFound(exchange);
                return;
            }
            repository(exchange, method, repo.group(1) == null ? "" : repo.group(1), query);
        }
    }

    private void repository(HttpExchange exchange, String method, String rest, Map<String, String> query)
            throws IOException {
        Matcher number;
        if (rest.equals("/issues") && method.equals("GET")) {
            List<ObjectNode> open = issues.stream().filter(issue -> issue.state().equals(query.getOrDefault("state",
                    "open")) || query.getOrDefault("state", "open").equals("all")).map(this::issueJson).toList();
            page(exchange, "/repos/acme/widgets/issues", query, open.reversed(), false);
        } else if (rest.equals("/issues") && method.equals("POST")) {
            JsonNode body = JSON.readTree(Exchanges.body(exchange));
            if (body.path("title").asString("").isBlank()) {
                json(exchange, 422, Map.of("message", "Validation Failed", "errors", List.of(Map.of("resource",
                        "Issue", "field", "title", "code", "missing_field"))));
                return;
            }
            Issue issue = new Issue(issues.size() + 1, body.path("title").asString(), body.path("body").asString(""),
                    "open", "octo-admin");
            issues.add(issue);
            json(exchange, 201, issueJson(issue));
        } else if ((number = Pattern.compile("/issues/(\\d+)/comments").matcher(rest)).matches()
                && method.equals("POST")) {
            int issue = Integer.parseInt(number.group(1));
            if (issues.stream().noneMatch(existing -> existing.number() == issue)) {
                notFound(exchange);
                return;
            }
            comments.add(new Comment(issue, JSON.readTree(Exchanges.body(exchange)).path("body").asString("")));
            json(exchange, 201, Map.of("id", 1000 + comments.size(), "html_url", html("issues/" + issue
                    + "#issuecomment-" + (1000 + comments.size()))));
        } else if ((number = Pattern.compile("/pulls/(\\d+)").matcher(rest)).matches() && method.equals("GET")) {
            if (!number.group(1).equals("4")) {
                notFound(exchange);
                return;
            }
            ObjectNode pull = issueJson(issues.get(3)).put("merged", false).put("html_url", html("pull/4"));
            pull.putObject("head").put("ref", "fix-crash");
            pull.putObject("base").put("ref", "main");
            pull.put("changed_files", 1).put("additions", 12).put("deletions", 3);
            json(exchange, 200, pull);
        } else if (rest.startsWith("/contents/") && method.equals("GET")) {
            String content = files.get(rest.substring("/contents/".length()));
            if (content == null) {
                notFound(exchange);
                return;
            }
            String encoded = Base64.getMimeEncoder(60, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(content.getBytes(StandardCharsets.UTF_8));
            json(exchange, 200, Map.of("type", "file", "encoding", "base64", "path", rest.substring(10),
                    "size", content.length(), "content", encoded, "html_url", html("blob/main/" + rest.substring(10))));
        } else {
            notFound(exchange);
        }
    }

    private ObjectNode issueJson(Issue issue) {
        ObjectNode node = JSON.createObjectNode().put("number", issue.number()).put("title", issue.title())
                .put("body", issue.body()).put("state", issue.state()).put("html_url", html("issues/"
                        + issue.number()))
                .put("repository_url", baseUrl() + "/repos/acme/widgets").put("created_at", "2026-11-2"
                        + issue.number() + "T09:00:00Z");
        node.putObject("user").put("login", issue.author());
        return node;
    }

    /** One page of {@code items} ({@code page} and {@code per_page} as GitHub reads them, two at most here). */
    private void page(HttpExchange exchange, String path, Map<String, String> query, List<? extends JsonNode> items,
                      boolean search) throws IOException {
        int page = Math.max(1, Integer.parseInt(query.getOrDefault("page", "1")));
        int size = Math.min(PAGE, Math.max(1, Integer.parseInt(query.getOrDefault("per_page", "30"))));
        int from = Math.min(items.size(), (page - 1) * size);
        List<? extends JsonNode> slice = items.subList(from, Math.min(items.size(), from + size));
        if (from + size < items.size()) {
            StringBuilder next = new StringBuilder(baseUrl() + path + "?");
            query.forEach((name, value) -> {
                if (!name.equals("page")) {
                    next.append(Exchanges.encode(name)).append('=').append(Exchanges.encode(value)).append('&');
                }
            });
            exchange.getResponseHeaders().set("Link", "<" + next + "page=" + (page + 1) + ">; rel=\"next\"");
        }
        if (search) {
            ObjectNode answer = JSON.createObjectNode().put("total_count", items.size())
                    .put("incomplete_results", false);
            ArrayNode array = answer.putArray("items");
            slice.forEach(array::add);
            json(exchange, 200, answer);
        } else {
            json(exchange, 200, slice);
        }
    }

    private String html(String path) {
        return baseUrl() + "/acme/widgets/" + path;
    }

    private static void notFound(HttpExchange exchange) throws IOException {
        json(exchange, 404, Map.of("message", "Not Found", "status", "404"));
    }
}
