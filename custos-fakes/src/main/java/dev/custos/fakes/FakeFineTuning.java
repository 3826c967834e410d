package dev.custos.fakes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fake provider's fine-tuning API, in OpenAI's format: {@code POST /v1/files} (multipart, purpose
 * {@code fine-tune}), {@code DELETE /v1/files/{id}}, {@code POST /v1/fine_tuning/jobs} and
 * {@code GET /v1/fine_tuning/jobs/{id}}. A job moves on one state each time it is read: validating_files, running,
 * then succeeded with {@code fine_tuned_model} {@code ft:<base>:fake-org:<suffix>:<n>}. Files are kept in memory so a
 * test can read what was uploaded and see what was deleted.
 */
final class FakeFineTuning {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> STATES = List.of("validating_files", "running", "succeeded");

    private final Map<String, String> files = new ConcurrentHashMap<>();
    private final List<String> deleted = new CopyOnWriteArrayList<>();
    private final Map<String, ObjectNode> jobs = new ConcurrentHashMap<>();
    private final Map<String, Integer> reads = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();

    /** What each training file held, by id, deleted ones included. */
    Map<String, String> files() {
        return Map.copyOf(files);
    }

    List<String> deleted() {
        return List.copyOf(deleted);
    }

    void files(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (exchange.getRequestMethod().equals("DELETE")) {
                String id = path.substring(path.lastIndexOf('/') + 1);
                if (!files.containsKey(id)) {
                    Exchanges.json(exchange, 404, error("No such file: " + id));
                    return;
                }
                deleted.add(id);
                Exchanges.json(exchange, 200, JSON.createObjectNode().put("id", id).put("object", "file")
                        .put("deleted", true));
                return;
            }
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.ISO_8859_1);
            if (type == null || !type.startsWith("multipart/form-data; boundary=") || !body.contains("fine-tune")) {
                Exchanges.json(exchange, 400, error("Upload a multipart file with purpose fine-tune."));
                return;
            }
            String boundary = "--" + type.substring(type.indexOf('=') + 1);
            String content = null;
            for (String part : body.split(boundary)) {
                int blank = part.indexOf("\r\n\r\n");
                if (part.contains("name=\"file\"") && blank >= 0) {
                    content = part.substring(blank + 4, part.length() - 2);
                }
            }
            if (content == null) {
                Exchanges.json(exchange, 400, error("The file part is missing."));
                return;
            }
            String id = "file-fake" + ids.incrementAndGet();
            files.put(id, new String(content.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
            Exchanges.json(exchange, 200, JSON.createObjectNode().put("id", id).put("object", "file")
                    .put("purpose", "fine-tune").put("bytes", content.length()));
        }
    }

    void jobs(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (exchange.getRequestMethod().equals("POST")) {
                JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
                String file = request.path("training_file").asString("");
                if (!files.containsKey(file) || deleted.contains(file)) {
                    Exchanges.json(exchange, 400, error("training_file is not a file you uploaded."));
                    return;
                }
                String id = "ftjob-fake" + ids.incrementAndGet();
                ObjectNode job = JSON.createObjectNode().put("id", id).put("object", "fine_tuning.job")
                        .put("model", request.path("model").asString()).put("training_file", file)
                        .put("suffix", request.path("suffix").asString(null)).put("status", STATES.getFirst());
                job.putNull("fine_tuned_model");
                jobs.put(id, job);
                Exchanges.json(exchange, 200, job);
                return;
            }
            String id = path.substring(path.lastIndexOf('/') + 1);
            ObjectNode job = jobs.get(id);
            if (job == null) {
                Exchanges.json(exchange, 404, error("No such job: " + id));
                return;
            }
            int read = reads.merge(id, 1, Integer::sum);
            String state = STATES.get(Math.min(read, STATES.size() - 1));
            job.put("status", state);
            if (state.equals("succeeded")) {
                job.put("fine_tuned_model", "ft:" + job.path("model").asString() + ":fake-org:"
                        + job.path("suffix").asString("custom") + ":" + id.substring("ftjob-fake".length()));
            }
            Exchanges.json(exchange, 200, job);
        }
    }

    private static ObjectNode error(String message) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("error").put("message", message).put("type", "invalid_request_error");
        return body;
    }
}
