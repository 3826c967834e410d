package dev.custos.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import dev.custos.identity.Invitations;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A signed-in browser-less client for setting a benchmark up: cookies and the CSRF header, nothing more. */
final class ApiSession {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String base;
    private final CookieManager cookies = new CookieManager();
    private final HttpClient http;
    private UUID personId;

    private ApiSession(int port) {
        this.base = "http://127.0.0.1:" + port;
        this.http = HttpClient.newBuilder().cookieHandler(cookies).build();
        send("GET", "/api/auth/csrf", null);
    }

    /** A new person, invited by the installation, signed up and signed in. */
    static ApiSession signedUp(ConfigurableApplicationContext custos, String email, String name, String password) {
        return signedUp(BenchCustos.port(custos), custos.getBean(Invitations.class).issue(null).code(), email, name,
                password);
    }

    /** Signs up with an invitation code on the Custos at this port, and signs in. */
    static ApiSession signedUp(int port, String code, String email, String name, String password) {
        ApiSession session = new ApiSession(port);
        session.personId = UUID.fromString(session.post("/api/auth/sign-up", Map.of("code", code, "email", email,
                "password", password, "name", name, "ageConfirmed", true)).path("personId").asString());
        session.post("/api/auth/sign-in", Map.of("email", email, "password", password));
        return session;
    }

    /** The signed-up person's id. */
    UUID personId() {
        return personId;
    }

    /** A new workspace of the signed-in person, in the EU region. */
    UUID createWorkspace(String name) {
        return UUID.fromString(post("/api/workspaces", Map.of("name", name, "region", "EU")).path("id").asString());
    }

    /** A session with an agent on the offline model in the workspace, its first run ended; the session's id. */
    UUID sessionWithDemoAgent(UUID workspace) throws InterruptedException {
        String agent = post("/api/workspaces/" + workspace + "/agents", Map.of("name", "Helper",
                "instructions", "Help.", "model", "offline/scripted-demo")).path("id").asString();
        UUID session = UUID.fromString(post("/api/workspaces/" + workspace + "/agents/" + agent + "/sessions",
                Map.of("message", "hello")).path("id").asString());
        Thread.sleep(3_000); // the demo run finishes
        return session;
    }

    JsonNode post(String path, Object body) {
        return send("POST", path, body);
    }

    /** Downloads a response body, counting its bytes without keeping them. */
    long download(String path) {
        var request = HttpRequest.newBuilder(URI.create(base + path)).build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (var body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("GET " + path + ": HTTP " + response.statusCode());
                }
                return body.transferTo(OutputStream.nullOutputStream());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    JsonNode get(String path) {
        return send("GET", path, null);
    }

    JsonNode put(String path) {
        return send("PUT", path, Map.of());
    }

    JsonNode putJson(String path, Object body) {
        return send("PUT", path, body);
    }

    /** Uploads a file as {@code multipart/form-data} in the field {@code file}. */
    JsonNode upload(String path, String fileName, String contentType, byte[] content) {
        String boundary = "bench-" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: " + contentType + "\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + content.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(content, 0, body, head.length, content.length);
        System.arraycopy(tail, 0, body, head.length + content.length, tail.length);
        return exchange("POST", path, HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private JsonNode send(String method, String path, Object body) {
        var request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return exchange(method, path, request);
    }

    private JsonNode exchange(String method, String path, HttpRequest.Builder request) {
        request.header("Accept", "application/json");
        cookies.getCookieStore().getCookies().stream().filter(cookie -> cookie.getName().equals("XSRF-TOKEN"))
                .findFirst().ifPresent(token -> request.header("X-XSRF-TOKEN", token.getValue()));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 400) {
                throw new IllegalStateException(method + " " + path + ": HTTP " + response.statusCode() + " "
                        + response.body());
            }
            return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
