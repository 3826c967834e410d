package dev.custos.knowledge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import dev.custos.identity.Actor;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import dev.custos.workspace.WorkspaceAccess;
import dev.custos.workspace.Workspaces;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** A workspace's knowledge bases, their documents (uploaded as multipart files) and search. */
@RestController
class KnowledgeController {

    private final KnowledgeBases bases;
    private final KnowledgeSearch search;
    private final Workspaces workspaces;

    KnowledgeController(KnowledgeBases bases, KnowledgeSearch search, Workspaces workspaces) {
        this.bases = bases;
        this.search = search;
        this.workspaces = workspaces;
    }

    record BaseRequest(@NotBlank @Size(max = 100) String name, @Nullable @Size(max = 1000) String description,
                       @Nullable String embeddings) {
    }

    @GetMapping("/api/workspaces/{workspaceId}/knowledge-bases")
    List<KnowledgeBase> list(Actor actor, @PathVariable UUID workspaceId) {
        return bases.list(access(actor, workspaceId));
    }

    @PostMapping("/api/workspaces/{workspaceId}/knowledge-bases")
    @ResponseStatus(HttpStatus.CREATED)
    KnowledgeBase create(Actor actor, @PathVariable UUID workspaceId, @Valid @RequestBody BaseRequest request) {
        return bases.create(access(actor, workspaceId), request.name(),
                request.description() == null ? "" : request.description(),
                request.embeddings() == null ? "none" : request.embeddings());
    }

    @GetMapping("/api/workspaces/{workspaceId}/knowledge-bases/{baseId}")
    KnowledgeBase get(Actor actor, @PathVariable UUID workspaceId, @PathVariable UUID baseId) {
        return bases.get(access(actor, workspaceId), baseId);
    }

    @DeleteMapping("/api/workspaces/{workspaceId}/knowledge-bases/{baseId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(Actor actor, @PathVariable UUID workspaceId, @PathVariable UUID baseId) {
        bases.delete(access(actor, workspaceId), baseId);
    }

    @GetMapping("/api/workspaces/{workspaceId}/knowledge-bases/{baseId}/documents")
    List<KnowledgeDocument> documents(Actor actor, @PathVariable UUID workspaceId, @PathVariable UUID baseId) {
        return bases.documents(access(actor, workspaceId), baseId);
    }

    /** Stores the document and answers at once ({@code ingesting}); indexing follows. */
    @PostMapping(path = "/api/workspaces/{workspaceId}/knowledge-bases/{baseId}/documents",
            consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    KnowledgeDocument upload(Actor actor, @PathVariable UUID workspaceId, @PathVariable UUID baseId,
                             @RequestParam("file") MultipartFile file) {
        return bases.upload(access(actor, workspaceId), baseId, name(file), bytes(file));
    }

    @GetMapping("/api/workspaces/{workspaceId}/knowledge-bases/{baseId}/documents/{documentId}")
    KnowledgeDocument document(Actor actor, @PathVariable UUID workspaceId, @PathVariable UUID baseId,
                               @PathVariable UUID documentId) {
        return bases.document(access(actor, workspaceId), baseId, documentId);
    }

    @DeleteMapping("/api/workspaces/{workspaceId}/knowledge-bases/{baseId}/documents/{documentId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void deleteDocument(Actor actor, @PathVariable UUID workspaceId, @PathVariable UUID baseId,
                        @PathVariable UUID documentId) {
        bases.deleteDocument(access(actor, workspaceId), baseId, documentId);
    }

    /** Hybrid search over all the workspace's bases, or one ({@code base}). */
    @GetMapping("/api/workspaces/{workspaceId}/knowledge-search")
    List<KnowledgeSearch.Hit> search(Actor actor, @PathVariable UUID workspaceId, @RequestParam String q,
                                     @RequestParam(required = false) @Nullable UUID base,
                                     @RequestParam(defaultValue = "5") int limit) {
        return search.search(access(actor, workspaceId), base, q, limit);
    }

    static String name(MultipartFile file) {
        String name = file.getOriginalFilename();
        return name == null || name.isBlank() ? "document" : name.replaceAll("[\\r\\n\\\\/]", "_");
    }

    static byte[] bytes(MultipartFile file) {
        if (file.isEmpty()) {
            throw CustosException.invalid("document-empty", "The document is empty.");
        }
        try {
            return file.getBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private WorkspaceAccess access(Actor actor, UUID workspaceId) {
        return workspaces.access(actor, new WorkspaceId(workspaceId));
    }
}
