package dev.custos.knowledge;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import dev.custos.platform.Tenancy;
import dev.custos.workspace.WorkspaceCreated;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/** Gives the demo workspace a knowledge base with a short handbook, so knowledge search works offline at once. */
@Component
class DemoKnowledge {

    static final String BASE_NAME = "Custos handbook";

    private final KnowledgeBases bases;
    private final Tenancy tenancy;

    DemoKnowledge(KnowledgeBases bases, Tenancy tenancy) {
        this.bases = bases;
        this.tenancy = tenancy;
    }

    @EventListener
    void on(WorkspaceCreated created) {
        if (!created.demo()) {
            return;
        }
        String text = handbook();
        UUID base = UUID.randomUUID();
        tenancy.inWorkspace(created.workspace(), created.owner(), () -> {
            bases.insertBase(created.workspace(), created.owner(), base, BASE_NAME,
                    "What the demo assistant can look up.", "none");
            bases.insertDocument(created.workspace(), created.owner(), base, UUID.randomUUID(), "handbook.md",
                    "text/markdown", text.getBytes(StandardCharsets.UTF_8).length, text);
        });
    }

    private static String handbook() {
        try (InputStream in = new ClassPathResource("knowledge/demo-handbook.md").getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
