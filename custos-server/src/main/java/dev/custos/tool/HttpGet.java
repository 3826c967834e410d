package dev.custos.tool;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fetches a web page or API response by GET, only from hosts the workspace allows (none by default). Redirects
 * are not followed (a redirect could leave the allowed hosts); bodies are cut at {@value #MAX_BYTES} bytes. A
 * workspace's credential for the host is sent with the request — over https only, or to this machine — and never
 * reaches the model: an answer that echoes it has it blanked out.
 */
@Component
public class HttpGet implements Tool {

    static final int MAX_BYTES = 64 * 1024;

    private final ToolSettings settings;
    private final ToolCredentials credentials;
    private final JsonMapper json;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    HttpGet(ToolSettings settings, ToolCredentials credentials, JsonMapper json) {
        this.settings = settings;
        this.credentials = credentials;
        this.json = json;
    }

    @Override
    public String name() {
        return "http_get";
    }

    @Override
    public String description() {
        return "Fetches a URL with HTTP GET and returns its status and text. Only hosts the workspace allows.";
    }

    @Override
    public String parametersSchema() {
        return """
                {"type":"object","properties":{"url":{"type":"string","description":"http or https URL"}},\
                "required":["url"],"additionalProperties":false}""";
    }

    @Override
    public String call(ToolContext context, String argumentsJson) {
        URI url = url(argumentsJson);
        if (!ToolSettings.allows(settings.settings(context.workspace()), url.getHost())) {
            throw new ToolFailed("The host " + url.getHost() + " is not on this workspace's list of allowed hosts.");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(url).GET().timeout(Duration.ofSeconds(10))
                .header("User-Agent", "Custos http_get").header("Accept", "text/*, application/json");
        var credential = credentials.openFor(context, url);
        credential.ifPresent(opened -> request.header(opened.headerName(), opened.headerValue()));
        String fetched = fetch(request.build());
        return credential.map(opened -> fetched.replace(opened.secret(), "[credential]")).orElse(fetched);
    }

    private String fetch(HttpRequest request) {
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                byte[] bytes = body.readNBytes(MAX_BYTES + 1);
                boolean cut = bytes.length > MAX_BYTES;
                String text = new String(bytes, 0, Math.min(bytes.length, MAX_BYTES), StandardCharsets.UTF_8);
                String location = response.headers().firstValue("Location").map(l -> " (redirects to " + l + ")")
                        .orElse("");
                return "HTTP " + response.statusCode() + location + "\n\n" + text
                        + (cut ? "\n\n[cut at " + MAX_BYTES + " bytes]" : "");
            }
        } catch (HttpTimeoutException e) {
            throw new ToolFailed("The host did not answer in time.");
        } catch (IOException e) {
            throw new ToolFailed("The URL could not be fetched.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolFailed("The fetch was interrupted.");
        }
    }

    private URI url(String argumentsJson) {
        String raw;
        try {
            raw = json.readTree(argumentsJson).path("url").asString("");
        } catch (JacksonException e) {
            throw new ToolFailed("The arguments are not valid JSON.");
        }
        try {
            URI url = new URI(raw);
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null || url.getUserInfo() != null) {
                throw new ToolFailed("url must be an http or https URL with a host.");
            }
            return url;
        } catch (URISyntaxException e) {
            throw new ToolFailed("url is not a valid URL.");
        }
    }
}
