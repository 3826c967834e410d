package dev.custos.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Custos's REST API over {@code java.net.http}, with an API key, or — for what only a person signed in may do
 * (export, account deletion) — with a session of cookies and the CSRF token echoed. A refusal becomes a
 * {@link CliFailure} carrying the server's own sentence (its problem+json {@code detail}) and a matching exit code.
 */
final class Api {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final String base;
    private final String apiKey;
    private final CookieManager cookies = new CookieManager();
    private final HttpClient http;

    Api(String base, String apiKey) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.apiKey = apiKey;
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** A value encoded for a query string. */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A client without a key, for signing in with a password or a device code. */
    static Api anonymous(String base) {
        return new Api(base, null);
    }

    String base() {
        return base;
    }

    JsonNode get(String path) {
        return json(send(request(path).GET()));
    }

    JsonNode post(String path, Object body) {
        return json(send(request(path).POST(publisher(body)).header("Content-Type", "application/json")));
    }

    JsonNode put(String path, Object body) {
        return json(send(request(path).PUT(publisher(body)).header("Content-Type", "application/json")));
    }

    JsonNode delete(String path) {
        return json(send(request(path).DELETE()));
    }

    /** One event of a Server-Sent Events stream. */
    record Event(String id, String name, JsonNode data) {
    }

    /**
     * Opens an event stream (POST with a body, else GET after {@code lastEventId}) and hands each event to the
     * consumer as it arrives, until the server ends the stream.
     */
    void stream(String path, Object body, String lastEventId, Consumer<Event> events) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Accept", "text/event-stream");
        authorize(request);
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        if (body != null) {
            request.POST(publisher(body)).header("Content-Type", "application/json");
        }
        HttpResponse<InputStream> response = exchange(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() >= 300) {
            throw CliFailure.refusal(response.statusCode(), readAll(response.body()));
        }
        try (var lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String id = "";
            String name = "message";
            StringBuilder data = new StringBuilder();
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        events.accept(new Event(id, name, JSON.readTree(data.toString())));
                    }
                    name = "message";
                    data.setLength(0);
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    data.append(data.isEmpty() ? "" : "\n").append(line.substring(5).stripLeading());
                }
            }
        } catch (IOException e) {
            throw new CliFailure(ExitCode.UNAVAILABLE, "stream-broken", "The stream from " + base + " broke off: "
                    + e.getMessage());
        }
    }

    /**
     * Uploads a file as {@code multipart/form-data} (field {@code file}), streamed from disk, reporting the bytes
     * sent as they go; answers the server's JSON.
     */
    JsonNode upload(String path, Path file, String contentType, LongConsumer progress) {
        MultipartFile body = new MultipartFile(file, contentType);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofMinutes(10))
                .header("Accept", "application/json").header("Content-Type", body.contentType())
                .POST(body.publisher(progress));
        authorize(request);
        return json(send(request));
    }

    /** Sends a file as the body ({@code application/octet-stream}) with extra headers; answers the server's JSON. */
    JsonNode postFile(String path, Path file, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Accept", "application/json")
                .header("Content-Type", "application/octet-stream");
        headers.forEach(request::header);
        try {
            request.POST(HttpRequest.BodyPublishers.ofFile(file));
        } catch (java.io.FileNotFoundException e) {
            throw new CliFailure(ExitCode.USAGE, "file-not-found", "There is no file " + file + ".");
        }
        authorize(request);
        return json(send(request));
    }

    /** Downloads to a file (written beside it first, moved into place when whole); reports bytes as they come. */
    long download(String path, Path target, LongConsumer progress, LongConsumer total) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        authorize(request);
        HttpResponse<InputStream> response = exchange(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() >= 300) {
            throw CliFailure.refusal(response.statusCode(), readAll(response.body()));
        }
        total.accept(response.headers().firstValueAsLong("Content-Length").orElse(-1));
        Path partial = target.resolveSibling(target.getFileName() + ".part");
        long written = 0;
        try (InputStream in = response.body(); OutputStream out = Files.newOutputStream(partial)) {
            byte[] buffer = new byte[64 * 1024];
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                out.write(buffer, 0, read);
                written += read;
                progress.accept(written);
            }
        } catch (IOException e) {
            throw new CliFailure(ExitCode.UNAVAILABLE, "download-broken", "The download broke off: " + e.getMessage());
        }
        try {
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new CliFailure(ExitCode.FAILED, "cannot-write", "Cannot write " + target + ": " + e.getMessage());
        }
        return written;
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json");
        authorize(request);
        return request;
    }

    private void authorize(HttpRequest.Builder request) {
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        } else {
            // A cookie session: Spring Security wants the CSRF cookie echoed on anything that changes state.
            cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN"))
                    .map(HttpCookie::getValue).findFirst().ifPresent(token -> request.header("X-XSRF-TOKEN", token));
        }
    }

    private URI uri(String path) {
        try {
            return URI.create(base + path);
        } catch (IllegalArgumentException e) {
            throw new CliFailure(ExitCode.USAGE, "invalid-url", "Not a valid server address: " + base);
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        if (apiKey == null && cookies.getCookieStore().getCookies().stream()
                .noneMatch(c -> c.getName().equals("XSRF-TOKEN"))) {
            exchange(HttpRequest.newBuilder(uri("/api/auth/csrf")).GET().build(), HttpResponse.BodyHandlers.ofString());
            authorize(request);
        }
        HttpResponse<String> response = exchange(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw CliFailure.refusal(response.statusCode(), response.body());
        }
        return response;
    }

    private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (ConnectException | HttpTimeoutException e) {
            throw new CliFailure(ExitCode.UNAVAILABLE, "unreachable", "Cannot reach Custos at " + base + ".");
        } catch (IOException e) {
            throw new CliFailure(ExitCode.UNAVAILABLE, "unreachable", "Talking to " + base + " failed: "
                    + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure(ExitCode.INTERRUPTED, "interrupted", "Interrupted.");
        }
    }

    private static JsonNode json(HttpResponse<String> response) {
        String body = response.body();
        return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
    }

    private static HttpRequest.BodyPublisher publisher(Object body) {
        return body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
