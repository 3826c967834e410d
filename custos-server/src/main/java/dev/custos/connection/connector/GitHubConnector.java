package dev.custos.connection.connector;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * GitHub's REST API (version 2022-11-28): search issues and code, read files, pull requests and a repository's
 * issues; with write, comment and open issues. Lists follow {@code Link: rel="next"} up to a bounded number of
 * results.
 */
@Component
class GitHubConnector implements Connector {

    private static final Pattern REPO = Pattern.compile("[A-Za-z0-9_.-]{1,100}/[A-Za-z0-9_.-]{1,100}");
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>;\\s*rel=\"next\"");
    private static final int MAX_RESULTS = 30;
    private static final int MAX_FILE = 20_000;
    private static final String SERVICE = "GitHub";

    private static final List<Operation> OPERATIONS = List.of(
            new Operation("search_issues", "Searches GitHub issues and pull requests with GitHub's search syntax "
                    + "(e.g. 'crash is:open'); repo narrows it to one owner/name.", Schemas.object("query!", "repo"), false),
            new Operation("search_code", "Searches code on GitHub; repo narrows it to one owner/name.",
                    Schemas.object("query!", "repo"), false),
            new Operation("read_file", "Reads a file of a repository (owner/name) at a path, optionally at a ref.",
                    Schemas.object("repo!", "path!", "ref"), false),
            new Operation("get_pull_request", "Reads a pull request of a repository by number.",
                    Schemas.object("repo!", "number!:integer"), false),
            new Operation("list_issues", "Lists a repository's issues, newest first: state open, closed or all; "
                    + "since an ISO 8601 time.", Schemas.object("repo!", "state", "since"), false),
            new Operation("comment", "Comments on an issue or pull request.", Schemas.object("repo!", "number!:integer", "body!"), true),
            new Operation("create_issue", "Opens an issue in a repository.", Schemas.object("repo!", "title!", "body"), true));

    private final ConnectorHttp http;
    private final JsonMapper json;

    GitHubConnector(ConnectorHttp http, JsonMapper json) {
        this.http = http;
        this.json = json;
    }

    @Override
    public ConnectorKind kind() {
        return ConnectorKind.GITHUB;
    }

    @Override
    public List<Operation> operations() {
        return OPERATIONS;
    }

    @Override
    public String call(Upstream upstream, String operation, JsonNode node) {
        Arguments args = new Arguments(node);
        return switch (operation) {
            case "search_issues" -> {
                String q = args.text("query", 256) + repoFilter(args);
                yield list(upstream, "/search/issues?q=" + encode(q) + "&per_page=" + MAX_RESULTS, true,
                        this::issue).toString();
            }
            case "search_code" -> {
                String q = args.text("query", 256) + repoFilter(args);
                yield list(upstream, "/search/code?q=" + encode(q) + "&per_page=" + MAX_RESULTS, true, item ->
                        json.createObjectNode().put("repo", item.path("repository").path("full_name").asString(""))
                                .put("path", item.path("path").asString("")).put("url",
                                        item.path("html_url").asString(""))).toString();
            }
            case "read_file" -> readFile(upstream, args);
            case "get_pull_request" -> {
                JsonNode pull = get(upstream, "/repos/" + repo(args) + "/pulls/" + args.number("number", 1,
                        Integer.MAX_VALUE, 0)).json(SERVICE);
                yield issue(pull).put("head", pull.path("head").path("ref").asString(""))
                        .put("base", pull.path("base").path("ref").asString(""))
                        .put("merged", pull.path("merged").asBoolean(false))
                        .put("changed_files", pull.path("changed_files").asInt()).toString();
            }
            case "list_issues" -> {
                String state = Optional.ofNullable(args.optional("state", 10)).orElse("open");
                if (!List.of("open", "closed", "all").contains(state)) {
                    throw Arguments.refused("state must be open, closed or all.");
                }
                String since = args.optional("since", 40);
                yield list(upstream, "/repos/" + repo(args) + "/issues?state=" + state + "&per_page=" + MAX_RESULTS
                        + (since == null ? "" : "&since=" + encode(since)), false, this::issue).toString();
            }
            case "comment" -> {
                String path = "/repos/" + repo(args) + "/issues/" + args.number("number", 1, Integer.MAX_VALUE, 0)
                        + "/comments";
                JsonNode made = post(upstream, path, json.createObjectNode().put("body", args.text("body", 65_000)));
                yield json.createObjectNode().put("commented", made.path("html_url").asString("")).toString();
            }
            case "create_issue" -> {
                ObjectNode body = json.createObjectNode().put("title", args.text("title", 256));
                String text = args.optional("body", 65_000);
                if (text != null) {
                    body.put("body", text);
                }
                JsonNode made = post(upstream, "/repos/" + repo(args) + "/issues", body);
                yield json.createObjectNode().put("number", made.path("number").asInt())
                        .put("url", made.path("html_url").asString("")).toString();
            }
            default -> throw Arguments.refused("GitHub has no operation '" + operation + "'.");
        };
    }

    @Override
    public Account account(Upstream upstream, JsonNode tokenResponse) {
        JsonNode user = get(upstream, "/user").json(SERVICE);
        return new Account(user.path("login").asString("GitHub account"), user.path("id").asString(""));
    }

    private String readFile(Upstream upstream, Arguments args) {
        String path = args.text("path", 1_000);
        if (path.contains("..") || path.startsWith("/")) {
            throw Arguments.refused("path must be a path inside the repository, like docs/README.md.");
        }
        String ref = args.optional("ref", 200);
        StringBuilder encoded = new StringBuilder();
        for (String segment : path.split("/")) {
            encoded.append(encoded.isEmpty() ? "" : "/").append(encode(segment).replace("+", "%20"));
        }
        JsonNode file = get(upstream, "/repos/" + repo(args) + "/contents/" + encoded
                + (ref == null ? "" : "?ref=" + encode(ref))).json(SERVICE);
        if (!file.path("type").asString("").equals("file") || !file.path("encoding").asString("").equals("base64")) {
            throw Arguments.refused(path + " is not a file GitHub returns the content of (a folder, or too big).");
        }
        String text = new String(Base64.getMimeDecoder().decode(file.path("content").asString("")),
                StandardCharsets.UTF_8);
        boolean cut = text.length() > MAX_FILE;
        return json.createObjectNode().put("path", path).put("url", file.path("html_url").asString(""))
                .put("content", cut ? text.substring(0, MAX_FILE) : text).put("truncated", cut).toString();
    }

    private ArrayNode list(Upstream upstream, String first, boolean search,
                           java.util.function.Function<JsonNode, ObjectNode> shape) {
        ArrayNode results = json.createArrayNode();
        String next = first;
        for (int page = 0; next != null && page < 5 && results.size() < MAX_RESULTS; page++) {
            ConnectorHttp.Reply reply = get(upstream, next);
            JsonNode items = search ? reply.json(SERVICE).path("items") : reply.json(SERVICE);
            for (JsonNode item : items) {
                if (results.size() < MAX_RESULTS) {
                    results.add(shape.apply(item));
                }
            }
            next = nextPage(upstream, reply);
        }
        return results;
    }

    /** The {@code rel="next"} link, as a path on the same API (a link elsewhere is not followed). */
    private static @Nullable String nextPage(Upstream upstream, ConnectorHttp.Reply reply) {
        Matcher next = NEXT.matcher(reply.header("Link").orElse(""));
        if (!next.find()) {
            return null;
        }
        String link = next.group(1);
        String base = upstream.api().toString().replaceAll("/$", "");
        return link.startsWith(base + "/") ? link.substring(base.length()) : null;
    }

    private ObjectNode issue(JsonNode item) {
        String body = item.path("body").asString("");
        return json.createObjectNode().put("number", item.path("number").asInt())
                .put("title", item.path("title").asString("")).put("state", item.path("state").asString(""))
                .put("author", item.path("user").path("login").asString(""))
                .put("created_at", item.path("created_at").asString(""))
                .put("url", item.path("html_url").asString(""))
                .put("excerpt", body.length() > 300 ? body.substring(0, 300) + "…" : body);
    }

    private ConnectorHttp.Reply get(Upstream upstream, String path) {
        return checked(http.send(SERVICE, request(upstream, path).GET().build()));
    }

    private JsonNode post(Upstream upstream, String path, JsonNode body) {
        return checked(http.send(SERVICE, request(upstream, path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build())).json(SERVICE);
    }

    private static HttpRequest.Builder request(Upstream upstream, String path) {
        return HttpRequest.newBuilder(URI.create(upstream.api().toString().replaceAll("/$", "") + path))
                .timeout(Duration.ofSeconds(30)).header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", "2022-11-28").header("User-Agent", "Custos")
                .header("Authorization", "Bearer " + upstream.token());
    }

    private static ConnectorHttp.Reply checked(ConnectorHttp.Reply reply) {
        if (reply.status() == 401) {
            throw new UpstreamFailed(UpstreamFailed.Reason.UNAUTHORIZED, "GitHub refused the connection's token.");
        }
        if (reply.status() >= 400) {
            String message = reply.json(SERVICE).path("message").asString("HTTP " + reply.status());
            throw new UpstreamFailed(UpstreamFailed.Reason.REFUSED, "GitHub refused the call: " + message
                    + (reply.status() == 404 ? " (it does not exist, or the connection cannot see it)." : "."));
        }
        return reply;
    }

    private static String repo(Arguments args) {
        return args.matching("repo", REPO, "must be owner/name, like octo-org/widgets.");
    }

    private static String repoFilter(Arguments args) {
        String repo = args.optional("repo", 201);
        if (repo == null || repo.isBlank()) {
            return "";
        }
        return " repo:" + repo(args);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
