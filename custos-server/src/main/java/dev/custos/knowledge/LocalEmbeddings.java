package dev.custos.knowledge;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import org.springframework.stereotype.Component;

/**
 * The in-process embedding model (all-MiniLM-L6-v2, quantized, 384 dimensions), loaded on first use: vectors without
 * a provider or a network, so hybrid search works offline. Its weights are fixed; it keeps nothing of what it
 * embeds, so using one model for every workspace shares no workspace's data (TN-03 is about data, not code).
 */
@Component
class LocalEmbeddings {

    static final int DIMENSIONS = 384;

    private volatile EmbeddingModel model;

    /** The text's unit-length vector. */
    float[] embed(String text) {
        return model().embed(text).content().vector();
    }

    private EmbeddingModel model() {
        EmbeddingModel loaded = model;
        if (loaded == null) {
            synchronized (this) {
                if (model == null) {
                    model = new AllMiniLmL6V2QuantizedEmbeddingModel();
                }
                loaded = model;
            }
        }
        return loaded;
    }
}
