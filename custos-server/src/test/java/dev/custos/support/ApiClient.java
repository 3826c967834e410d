package dev.custos.support;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A client of the real server over HTTP, as a browser-less script would be: it keeps cookies, echoes the CSRF
 * cookie in the X-XSRF-TOKEN header, or sends an API key instead.
 */
public final class ApiClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String base;
    private final CookieManager cookies = new CookieManager();
    private final HttpClient http;
    private @Nullable String apiKey;
    private boolean echoCsrf = true;
    /**
     * The client's own address, as a proxy in front of Custos would report it: each client is a device of its
     * own, so one test's failed sign-ins never throttle another's (the test server trusts the header).
     */
    private String address = "10." + java.util.concurrent.ThreadLocalRandom.current().nextInt(256) + "."
            + java.util.concurrent.ThreadLocalRandom.current().nextInt(256) + "."
            + (1 + java.util.concurrent.ThreadLocalRandom.current().nextInt(254));

    public ApiClient(int port) {
        this.base = "http://localhost:" + port;
        this.http = HttpClient.newBuilder().cookieHandler(cookies).build();
    }

    public static ApiClient withApiKey(int port, String token) {
        var client = new ApiClient(port);
        client.apiKey = token;
        return client;
    }

    public record Response(int status, String body, java.net.http.HttpHeaders headers) {
        public JsonNode json() {
            return JSON.readTree(body);
        }

        public String text(String field) {
            return json().get(field).asString();
        }

        /** The problem's type slug, for asserting on errors. */
        public String problemType() {
            return json().get("type").asString();
        }
    }

    /** Stops echoing the CSRF cookie, as a cross-site form or script (which cannot read it) would. */
    /** The same client seen from another address (a misuse test's attacker, say). */
    public ApiClient from(String clientAddress) {
        this.address = clientAddress;
        return this;
    }

    public ApiClient withoutCsrfHeader() {
        echoCsrf = false;
        return this;
    }

    public Response get(String path) {
        return send("GET", path, null);
    }

    /** A GET with extra headers, as name, value pairs; each replaces the client's own (Accept, say). */
    public Response get(String path, String... headers) {
        var builder = request("GET", path);
        for (int i = 0; i < headers.length; i += 2) {
            builder.setHeader(headers[i], headers[i + 1]);
        }
        return exchange(builder.GET().build());
    }

    public Response post(String path, @Nullable Object body) {
        return send("POST", path, body);
    }

    public Response put(String path, Object body) {
        return send("PUT", path, body);
    }

    public Response patch(String path, Object body) {
        return send("PATCH", path, body);
    }

    public Response delete(String path) {
        return send("DELETE", path, null);
    }

    public Response postRaw(String path, String rawBody) {
        return sendRaw("POST", path, rawBody);
    }

    public Response putRaw(String path, String rawBody) {
        return sendRaw("PUT", path, rawBody);
    }

    public Response patchRaw(String path, String rawBody) {
        return sendRaw("PATCH", path, rawBody);
    }

    private Response sendRaw(String method, String path, String rawBody) {
        if (apiKey == null && cookie("XSRF-TOKEN").isEmpty()) {
            get("/api/auth/csrf");
        }
        return exchange(request(method, path).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(rawBody)).build());
    }

    /** Uploads one file as {@code multipart/form-data} in the field {@code file}, as a browser or SDK would. */
    public Response upload(String path, String fileName, String contentType, byte[] content) {
        if (apiKey == null && cookie("XSRF-TOKEN").isEmpty()) {
            get("/api/auth/csrf");
        }
        String boundary = "custos-" + java.util.UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: " + contentType + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + content.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(content, 0, body, head.length, content.length);
        System.arraycopy(tail, 0, body, head.length + content.length, tail.length);
        return exchange(request("POST", path).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    /** Submits a page's form as a browser would, with the CSRF token in the {@code _csrf} field. */
    public Response postForm(String path, java.util.Map<String, String> fields) {
        if (cookie("XSRF-TOKEN").isEmpty()) {
            get("/api/auth/csrf");
        }
        var form = new java.util.LinkedHashMap<>(fields);
        cookie("XSRF-TOKEN").ifPresent(token -> form.put("_csrf", token.getValue()));
        String body = form.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(java.util.stream.Collectors.joining("&"));
        return exchange(HttpRequest.newBuilder(URI.create(base + path)).header("X-Forwarded-For", address)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /**
     * Asks for a Server-Sent Events stream (POST with a body, else GET) and reads it to its end; extra headers
     * come as name, value pairs.
     */
    public Response stream(String path, @Nullable Object body, String... headers) {
        if (apiKey == null && body != null && cookie("XSRF-TOKEN").isEmpty()) {
            get("/api/auth/csrf");
        }
        var builder = request(body == null ? "GET" : "POST", path).setHeader("Accept", "text/event-stream");
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        if (body != null) {
            builder.header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        }
        return exchange(builder.build());
    }

    /** One event of a stream: its id, its name and its data as JSON (or null when the data is not JSON). */
    public record Event(String id, String name, @Nullable JsonNode data, String rawData) {
    }

    /** Splits an event-stream body into events (comments and retry lines skipped). */
    public static java.util.List<Event> events(String body) {
        var events = new java.util.ArrayList<Event>();
        for (String block : body.replace("\r\n", "\n").split("\n\n")) {
            String id = "";
            String name = "message";
            var data = new StringBuilder();
            for (String line : block.split("\n")) {
                if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    data.append(data.isEmpty() ? "" : "\n").append(line.substring(5).stripLeading());
                }
            }
            if (!data.isEmpty()) {
                JsonNode json;
                try {
                    json = JSON.readTree(data.toString());
                } catch (tools.jackson.core.JacksonException e) {
                    json = null;
                }
                events.add(new Event(id, name, json, data.toString()));
            }
        }
        return events;
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A GET whose answer is bytes (a download), or null with the status when it is not 200. */
    public byte[] download(String path) {
        try {
            HttpResponse<byte[]> response = http.send(request("GET", path).setHeader("Accept", "*/*").GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + ": "
                        + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
            }
            return response.body();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A POST of bytes ({@code application/octet-stream}) with extra headers, as name, value pairs. */
    public Response postBytes(String path, byte[] body, String... headers) {
        if (apiKey == null && cookie("XSRF-TOKEN").isEmpty()) {
            get("/api/auth/csrf");
        }
        var builder = request("POST", path).header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) {
            builder.setHeader(headers[i], headers[i + 1]);
        }
        return exchange(builder.build());
    }

    public Optional<HttpCookie> cookie(String name) {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name)).findFirst();
    }

    private Response send(String method, String path, @Nullable Object body) {
        if (apiKey == null && !method.equals("GET") && cookie("XSRF-TOKEN").isEmpty()) {
            get("/api/auth/csrf");
        }
        var publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
        var builder = request(method, path).method(method, publisher);
        if (body != null) {
            builder.header("Content-Type", "application/json");
        }
        return exchange(builder.build());
    }

    private HttpRequest.Builder request(String method, String path) {
        var builder = HttpRequest.newBuilder(URI.create(base + path)).header("X-Forwarded-For", address)
                .header("Accept", "application/json");
        if (apiKey != null) {
            builder.header("Authorization", "Bearer " + apiKey);
        } else if (echoCsrf) {
            cookie("XSRF-TOKEN").ifPresent(token -> builder.header("X-XSRF-TOKEN", token.getValue()));
        }
        return builder;
    }

    private Response exchange(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), response.headers());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
