package dev.custos.model;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import dev.custos.identity.Actor;
import dev.custos.platform.web.CustosException;
import dev.custos.workspace.Permission;
import dev.custos.workspace.WorkspaceAccess;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenAI's {@code POST /v1/embeddings} through {@link ModelEmbeddings}: the same allowlist, quota, redaction,
 * metering and audit as a chat call. Vectors come back as floats or, as OpenAI's SDKs ask by default, as base64 of
 * little-endian float32s.
 */
@RestController
class OpenAiEmbeddingsController {

    private static final Set<String> PARAMETERS = Set.of("model", "input", "encoding_format", "dimensions", "user");

    private final ModelEmbeddings embeddings;
    private final GatewayCallers callers;
    private final JsonMapper json;

    OpenAiEmbeddingsController(ModelEmbeddings embeddings, GatewayCallers callers, JsonMapper json) {
        this.embeddings = embeddings;
        this.callers = callers;
        this.json = json;
    }

    @PostMapping("/v1/embeddings")
    ObjectNode embed(Actor actor, HttpServletRequest http) throws IOException {
        WorkspaceAccess access = callers.access(actor).require(Permission.WRITE);
        JsonNode body = read(GatewayCallers.jsonBody(http));
        String model = body.path("model").asString("");
        if (model.isBlank()) {
            throw invalid("model", "model is required (GET /v1/models lists them).");
        }
        String encoding = body.path("encoding_format").asString("float");
        if (!encoding.equals("float") && !encoding.equals("base64")) {
            throw invalid("encoding_format", "encoding_format must be float or base64.");
        }
        Integer dimensions = null;
        if (body.has("dimensions") && !body.get("dimensions").isNull()) {
            if (!body.get("dimensions").canConvertToInt() || body.get("dimensions").asInt() < 1) {
                throw invalid("dimensions", "dimensions must be a positive whole number.");
            }
            dimensions = body.get("dimensions").asInt();
        }
        String user = body.path("user").asString(null);
        var call = new ModelEmbeddings.EmbeddingCall(access.workspace(), actor.person(), actor.apiKey().keyId(),
                GatewayRequestIds.of(http), model, inputs(body.path("input")), dimensions,
                user == null ? null : callers.pseudonym(access.workspace(), user));
        ModelProvider.Embeddings answer = GatewayRefusals.called(() -> embeddings.embed(call));

        ObjectNode list = json.createObjectNode().put("object", "list");
        ArrayNode data = list.putArray("data");
        for (int index = 0; index < answer.vectors().size(); index++) {
            ObjectNode item = data.addObject().put("object", "embedding").put("index", index);
            float[] vector = answer.vectors().get(index);
            if (encoding.equals("base64")) {
                item.put("embedding", base64(vector));
            } else {
                ArrayNode values = item.putArray("embedding");
                for (float value : vector) {
                    values.add(value);
                }
            }
        }
        list.put("model", model);
        list.putObject("usage").put("prompt_tokens", answer.inputTokens()).put("total_tokens", answer.inputTokens());
        return list;
    }

    private JsonNode read(byte[] raw) {
        JsonNode body = GatewayCallers.jsonObject(json, raw);
        for (String name : body.propertyNames()) {
            if (!PARAMETERS.contains(name)) {
                throw GatewayCallers.unrecognized(name, OpenAiParameters.UNRECOGNIZED);
            }
        }
        return body;
    }

    /** {@code input}: one text or a list of texts. Token arrays need the model's tokenizer, which Custos lacks. */
    private static List<String> inputs(JsonNode input) {
        List<String> texts = new ArrayList<>();
        if (input.isString()) {
            texts.add(input.asString());
        } else if (input.isArray()) {
            for (JsonNode text : input) {
                if (!text.isString()) {
                    throw CustosException.invalid("unsupported-parameter", "input must be text or a list of texts; "
                            + "token arrays are not supported by Custos.").with(CustosException.PARAM, "input");
                }
                texts.add(text.asString());
            }
        } else {
            throw invalid("input", "input must be text or a list of texts.");
        }
        if (texts.stream().anyMatch(String::isEmpty)) {
            throw invalid("input", "input must not contain empty texts.");
        }
        return texts;
    }

    private static String base64(float[] vector) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : vector) {
            bytes.putFloat(value);
        }
        return Base64.getEncoder().encodeToString(bytes.array());
    }

    private static CustosException invalid(@Nullable String param, String message) {
        CustosException refusal = CustosException.invalid("invalid-request", message);
        return param == null ? refusal : refusal.with(CustosException.PARAM, param);
    }
}
