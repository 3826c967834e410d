package dev.custos.knowledge;

import java.util.ArrayList;
import java.util.List;

import dev.custos.model.ModelEmbeddings;
import dev.custos.platform.PersonId;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import org.springframework.stereotype.Component;

/**
 * Where a knowledge base's vectors come from, by its {@code embeddings} setting: {@code none} (full-text only),
 * {@code local} (the in-process model) or a provider's model named {@code provider/model}, which goes through the
 * model gateway's rules like any model call. Vectors are made unit length, so search compares them by dot product.
 */
@Component
class Embedders {

    static final String NONE = "none";
    static final String LOCAL = "local";
    private static final int BATCH = 32;

    private final LocalEmbeddings local;
    private final ModelEmbeddings provider;

    Embedders(LocalEmbeddings local, ModelEmbeddings provider) {
        this.local = local;
        this.provider = provider;
    }

    static boolean vectors(String embeddings) {
        return !embeddings.equals(NONE);
    }

    /** Refuses a setting that is not none, local, or a provider's model the workspace may use. */
    void check(WorkspaceId workspace, String embeddings) {
        if (embeddings.equals(NONE) || embeddings.equals(LOCAL)) {
            return;
        }
        if (!embeddings.matches("[a-z0-9][a-z0-9-]{0,39}/[A-Za-z0-9._:-]{1,100}")) {
            throw CustosException.invalid("invalid-embeddings", "embeddings must be none (full-text search only), "
                    + "local (also vectors from the model inside Custos) or provider/model (vectors from a model "
                    + "this workspace may use).");
        }
        provider.requireAllowed(workspace, embeddings);
    }

    float[] one(WorkspaceId workspace, PersonId person, String embeddings, String text) {
        return all(workspace, person, embeddings, List.of(text)).getFirst();
    }

    /** The texts' vectors, in order: the local model one by one, a provider in batches. */
    List<float[]> all(WorkspaceId workspace, PersonId person, String embeddings, List<String> texts) {
        List<float[]> vectors = new ArrayList<>(texts.size());
        if (embeddings.equals(LOCAL)) {
            texts.forEach(text -> vectors.add(local.embed(text)));
        } else {
            for (int from = 0; from < texts.size(); from += BATCH) {
                provider.embed(workspace, person, embeddings, texts.subList(from, Math.min(texts.size(),
                        from + BATCH))).forEach(vector -> vectors.add(unit(vector)));
            }
        }
        return vectors;
    }

    private static float[] unit(float[] vector) {
        double norm = 0;
        for (float value : vector) {
            norm += value * value;
        }
        if (norm == 0) {
            return vector;
        }
        float scale = (float) (1 / Math.sqrt(norm));
        float[] unit = new float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            unit[i] = vector[i] * scale;
        }
        return unit;
    }
}
