package dev.custos.model;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenAI's fine-tuning API: {@code POST /files} (purpose {@code fine-tune}, multipart), {@code POST
 * /fine_tuning/jobs}, {@code GET /fine_tuning/jobs/{id}}, {@code DELETE /files/{id}}.
 */
final class OpenAiFineTuning implements FineTuning {

    private final String base;
    private final @Nullable String apiKey;
    private final HttpClient http;
    private final JsonMapper json;
    private final Duration timeout;

    OpenAiFineTuning(URI baseUrl, @Nullable String apiKey, HttpClient http, JsonMapper json, Duration timeout) {
        String url = baseUrl.toString();
        this.base = url.endsWith("/") ? url : url + "/";
        this.apiKey = apiKey;
        this.http = http;
        this.json = json;
        this.timeout = timeout;
    }

    @Override
    public String upload(byte[] jsonl) {
        String boundary = "custos-" + UUID.randomUUID();
        var body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nfine-tune\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"training.jsonl\"\r\n"
                + "Content-Type: application/jsonl\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(jsonl);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        JsonNode file = ProviderCalls.call(http, request("files")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), json);
        return requireId(file);
    }

    @Override
    public Job start(String baseModel, String fileId, @Nullable String suffix) {
        ObjectNode body = json.createObjectNode().put("model", baseModel).put("training_file", fileId);
        if (suffix != null) {
            body.put("suffix", suffix);
        }
        return job(ProviderCalls.call(http, request("fine_tuning/jobs").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), json));
    }

    @Override
    public Job job(String jobId) {
        return job(ProviderCalls.call(http, request("fine_tuning/jobs/" + encoded(jobId)).GET().build(), json));
    }

    @Override
    public void delete(String fileId) {
        ProviderCalls.call(http, request("files/" + encoded(fileId)).DELETE().build(), json);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                .header("Accept", "application/json");
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        return request;
    }

    /** OpenAI's states, in Custos's words: validating_files and queued are queued. */
    private Job job(JsonNode job) {
        String status = switch (job.path("status").asString("")) {
            case "validating_files", "queued" -> "queued";
            case "running" -> "running";
            case "succeeded" -> "succeeded";
            case "cancelled" -> "cancelled";
            default -> "failed";
        };
        return new Job(requireId(job), status, job.path("fine_tuned_model").asString(null));
    }

    private static String requireId(JsonNode answer) {
        String id = answer.path("id").asString("");
        if (!id.matches("[A-Za-z0-9._:-]{1,200}")) {
            throw new ModelCallFailed("The model provider's answer has no usable id.", 200, false, null);
        }
        return id;
    }

    private static String encoded(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8);
    }
}
