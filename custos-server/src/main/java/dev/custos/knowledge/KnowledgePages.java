package dev.custos.knowledge;

import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import dev.custos.identity.Actor;
import dev.custos.model.ModelChoice;
import dev.custos.model.ModelGateway;
import dev.custos.platform.WorkspaceId;
import dev.custos.workspace.PageActions;
import dev.custos.workspace.Permission;
import dev.custos.workspace.WorkspaceAccess;
import dev.custos.workspace.Workspaces;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/** Knowledge pages: the bases, a base's documents with upload and a search preview, a document's passages. */
@Controller
class KnowledgePages {

    private final KnowledgeBases bases;
    private final KnowledgeSearch search;
    private final Passages passages;
    private final Workspaces workspaces;
    private final ModelGateway models;

    KnowledgePages(KnowledgeBases bases, KnowledgeSearch search, Passages passages, Workspaces workspaces,
                   ModelGateway models) {
        this.bases = bases;
        this.search = search;
        this.passages = passages;
        this.workspaces = workspaces;
        this.models = models;
    }

    @GetMapping("/workspaces/{workspaceId}/knowledge")
    String list(Actor actor, @PathVariable UUID workspaceId, Model model) {
        WorkspaceAccess access = access(actor, workspaceId);
        model.addAttribute("workspace", workspaces.get(access));
        model.addAttribute("bases", bases.list(access));
        model.addAttribute("canWrite", access.can(Permission.WRITE));
        model.addAttribute("models", models.choices(access.workspace()).stream().map(ModelChoice::id).toList());
        return "knowledge/bases";
    }

    @PostMapping("/workspaces/{workspaceId}/knowledge")
    String create(Actor actor, @PathVariable UUID workspaceId, @RequestParam(defaultValue = "") String name,
                  @RequestParam(defaultValue = "") String description,
                  @RequestParam(defaultValue = "none") String embeddings, Model model) {
        return PageActions.run(model, access(actor, workspaceId), access -> {
            KnowledgeBase made = bases.create(access, name, description, embeddings);
            return "Created the knowledge base " + made.name() + ".";
        }, () -> list(actor, workspaceId, model));
    }

    @GetMapping("/workspaces/{workspaceId}/knowledge/{baseId}")
    String base(Actor actor, @PathVariable UUID workspaceId, @PathVariable UUID baseId,
                @RequestParam(defaultValue = "") String q, Model model) {
        WorkspaceAccess access = access(actor, workspaceId);
        model.addAttribute("workspace", workspaces.get(access));
        model.addAttribute("base", bases.get(access, baseId));
        model.addAttribute("documents", bases.documents(access, baseId));
        model.addAttribute("q", q);
        model.addAttribute("hits", q.isBlank() ? List.of() : search.search(access, baseId, q, 5));
        model.addAttribute("canWrite", access.can(Permission.WRITE));
        return "knowledge/base";
    }

    @PostMapping("/workspaces/{workspaceId}/knowledge/{baseId}/documents")
    String upload(Actor actor, @PathVariable UUID workspaceId, @PathVariable UUID baseId,
                  @RequestParam("file") List<MultipartFile> files, Model model) {
        return act(actor, workspaceId, baseId, model, access -> {
            for (MultipartFile file : files) {
                bases.upload(access, baseId, KnowledgeController.name(file), KnowledgeController.bytes(file));
            }
            return files.size() == 1 ? "Uploaded; it is being indexed." : "Uploaded " + files.size()
                    + " documents; they are being indexed.";
        });
    }

    @PostMapping("/workspaces/{workspaceId}/knowledge/{baseId}/documents/{documentId}/delete")
    String deleteDocument(Actor actor, @PathVariable UUID workspaceId, @PathVariable UUID baseId,
                          @PathVariable UUID documentId, Model model) {
        return act(actor, workspaceId, baseId, model, access -> {
            bases.deleteDocument(access, baseId, documentId);
            return "The document was removed with its passages.";
        });
    }

    @GetMapping("/workspaces/{workspaceId}/knowledge/{baseId}/documents/{documentId}")
    String document(Actor actor, @PathVariable UUID workspaceId, @PathVariable UUID baseId,
                    @PathVariable UUID documentId, Model model) {
        WorkspaceAccess access = access(actor, workspaceId);
        model.addAttribute("workspace", workspaces.get(access));
        model.addAttribute("base", bases.get(access, baseId));
        model.addAttribute("document", bases.document(access, baseId, documentId));
        model.addAttribute("passages", passages.of(access, documentId));
        return "knowledge/document";
    }

    private String act(Actor actor, UUID workspaceId, UUID baseId, Model model,
                       Function<WorkspaceAccess, String> action) {
        return PageActions.run(model, access(actor, workspaceId), action, () -> base(actor, workspaceId, baseId, "",
                model));
    }

    private WorkspaceAccess access(Actor actor, UUID workspaceId) {
        return workspaces.access(actor, new WorkspaceId(workspaceId));
    }
}
