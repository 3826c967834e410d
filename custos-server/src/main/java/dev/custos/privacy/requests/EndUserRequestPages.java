package dev.custos.privacy.requests;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import dev.custos.identity.Actor;
import dev.custos.platform.WorkspaceId;
import dev.custos.platform.web.CustosException;
import dev.custos.privacy.governance.DataProcessing;
import dev.custos.workspace.PageActions;
import dev.custos.workspace.WorkspaceAccess;
import dev.custos.workspace.Workspaces;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * End users' requests in the browser: the public form an organisation publishes ({@code /requests/{code}}), the
 * owners' page where they publish it, record their agreement and answer requests, and the administrators' page
 * for requests about workspaces not in processor mode. Each form does what its API twin does.
 */
@Controller
class EndUserRequestPages {

    /** Where a person may live, as the form asks it, and the law that follows. */
    record Residence(String key, String label, Jurisdiction law) {
    }

    static final List<Residence> RESIDENCES = List.of(
            new Residence("eu", "The European Union, the EEA or the United Kingdom", Jurisdiction.GDPR),
            new Residence("california", "California", Jurisdiction.CCPA),
            new Residence("turkey", "Türkiye", Jurisdiction.KVKK),
            new Residence("elsewhere", "Somewhere else", Jurisdiction.GDPR));

    private static final Pattern SESSION_ID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final EndUserRequests requests;
    private final EndUserAnswers answers;
    private final RequestForms forms;
    private final DataProcessing processing;
    private final Workspaces workspaces;

    EndUserRequestPages(EndUserRequests requests, EndUserAnswers answers, RequestForms forms, DataProcessing processing,
                        Workspaces workspaces) {
        this.requests = requests;
        this.answers = answers;
        this.forms = forms;
        this.processing = processing;
        this.workspaces = workspaces;
    }

    @GetMapping("/requests/{code}")
    String form(@PathVariable String code, Model model, HttpServletResponse response) {
        try {
            model.addAttribute("form", requests.form(code));
        } catch (CustosException e) {
            response.setStatus(404);
            model.addAttribute("error", e.getMessage());
        }
        model.addAttribute("code", code);
        if (!model.containsAttribute("sent")) {
            model.addAttribute("sent", false);
        }
        model.addAttribute("kinds", RequestKind.values());
        model.addAttribute("residences", RESIDENCES);
        return "privacy/request-form";
    }

    @PostMapping("/requests/{code}")
    String make(@PathVariable String code, @RequestParam(defaultValue = "") String kind,
                @RequestParam(defaultValue = "eu") String residence, @RequestParam(defaultValue = "") String email,
                @RequestParam(defaultValue = "") String details, Model model, HttpServletRequest http,
                HttpServletResponse response) {
        model.addAttribute("email", email);
        model.addAttribute("details", details);
        model.addAttribute("kind", kind);
        model.addAttribute("residence", residence);
        try {
            RequestKind requested = kind.isEmpty() ? null : RequestKind.of(kind);
            if (requested == null) {
                throw CustosException.invalid("kind-required", "Choose what you are asking for.");
            }
            Jurisdiction law = RESIDENCES.stream().filter(r -> r.key().equals(residence)).findFirst()
                    .map(Residence::law).orElse(Jurisdiction.GDPR);
            requests.receive(code, requested, law, email, details, http.getRemoteAddr());
            model.addAttribute("sent", true);
        } catch (CustosException e) {
            response.setStatus(e.status().value());
            model.addAttribute("error", e.getMessage());
        }
        return form(code, model, response);
    }

    /** Public: the link in the confirmation mail. Showing the page changes nothing; only the button confirms. */
    @GetMapping("/privacy/requests/confirm")
    String confirmPage(@RequestParam(defaultValue = "") String code, Model model) {
        model.addAttribute("code", code);
        return "privacy/confirm";
    }

    @PostMapping("/privacy/requests/confirm")
    String confirm(@RequestParam(defaultValue = "") String code, Model model) {
        model.addAttribute("code", code);
        try {
            model.addAttribute("confirmed", requests.confirm(code));
        } catch (CustosException e) {
            model.addAttribute("error", e.getMessage());
        }
        return "privacy/confirm";
    }

    @GetMapping("/workspaces/{workspaceId}/privacy-requests")
    String ownerPage(Actor actor, @PathVariable UUID workspaceId, Model model) {
        WorkspaceAccess access = workspaces.access(actor, new WorkspaceId(workspaceId));
        model.addAttribute("workspace", workspaces.get(access));
        model.addAttribute("agreement", processing.agreement(access).orElse(null));
        model.addAttribute("dpaVersion", DataProcessing.DPA_VERSION);
        model.addAttribute("requestForm", forms.current(access).orElse(null));
        model.addAttribute("requests", answers.forWorkspace(access));
        model.addAttribute("actionBase", "/workspaces/" + workspaceId + "/privacy-requests");
        return "privacy/end-user-requests";
    }

    @PostMapping("/workspaces/{workspaceId}/privacy-requests/agreement")
    String agree(Actor actor, @PathVariable UUID workspaceId,
                 @RequestParam(defaultValue = "false") boolean processorMode,
                 @RequestParam(defaultValue = "false") boolean accept, Model model) {
        return act(actor, workspaceId, model, access -> {
            if (!accept) {
                throw CustosException.invalid("accept-required", "Tick the box to accept the agreement.");
            }
            processing.agree(access, processorMode, DataProcessing.DPA_VERSION);
            return processorMode ? "Agreement recorded: requests from your end users now come to you."
                    : "Agreement recorded: requests from your end users go to the operator of this service.";
        });
    }

    @PostMapping("/workspaces/{workspaceId}/privacy-requests/form")
    String publish(Actor actor, @PathVariable UUID workspaceId, Model model) {
        return act(actor, workspaceId, model, access -> "Your request form is at " + forms.publish(access).url()
                + ". Any earlier link no longer works.");
    }

    @PostMapping("/workspaces/{workspaceId}/privacy-requests/{requestId}/instruction")
    String instruct(Actor actor, @PathVariable UUID workspaceId, @PathVariable UUID requestId,
                    @RequestParam(defaultValue = "") String decision, @RequestParam(defaultValue = "") String note,
                    @RequestParam(defaultValue = "") String eraseSessions, Model model) {
        return act(actor, workspaceId, model, access -> {
            answers.instruct(access, requestId, decision(decision, note, eraseSessions));
            return "Answered; the requester was emailed your answer.";
        });
    }

    @PostMapping("/workspaces/{workspaceId}/privacy-requests/{requestId}/extension")
    String extend(Actor actor, @PathVariable UUID workspaceId, @PathVariable UUID requestId,
                  @RequestParam(defaultValue = "") String dueOn, @RequestParam(defaultValue = "") String reason,
                  Model model) {
        return act(actor, workspaceId, model, access -> {
            answers.extend(access, requestId, RequestDeadlines.endOfPickedDay(dueOn), reason);
            return "Extended; the requester was told why and the new date.";
        });
    }

    @GetMapping("/admin/privacy/end-user-requests")
    String adminPage(Actor actor, Model model) {
        model.addAttribute("requests", answers.forInstallation(actor));
        model.addAttribute("admin", true);
        return "privacy/end-user-requests";
    }

    @PostMapping("/admin/privacy/end-user-requests/{workspaceId}/{requestId}/instruction")
    String instructAsOperator(Actor actor, @PathVariable UUID workspaceId, @PathVariable UUID requestId,
                              @RequestParam(defaultValue = "") String decision,
                              @RequestParam(defaultValue = "") String note,
                              @RequestParam(defaultValue = "") String eraseSessions, Model model) {
        try {
            answers.instruct(actor, new WorkspaceId(workspaceId), requestId, decision(decision, note, eraseSessions));
            model.addAttribute("notice", "Answered; the requester was emailed your answer.");
        } catch (CustosException e) {
            model.addAttribute("error", e.getMessage());
        }
        return adminPage(actor, model);
    }

    @PostMapping("/admin/privacy/end-user-requests/{workspaceId}/{requestId}/extension")
    String extendAsOperator(Actor actor, @PathVariable UUID workspaceId, @PathVariable UUID requestId,
                            @RequestParam(defaultValue = "") String dueOn,
                            @RequestParam(defaultValue = "") String reason, Model model) {
        try {
            answers.extend(actor, new WorkspaceId(workspaceId), requestId, RequestDeadlines.endOfPickedDay(dueOn), reason);
            model.addAttribute("notice", "Extended; the requester was told why and the new date.");
        } catch (CustosException e) {
            model.addAttribute("error", e.getMessage());
        }
        return adminPage(actor, model);
    }

    private String act(Actor actor, UUID workspaceId, Model model,
                       Function<WorkspaceAccess, String> action) {
        return PageActions.run(model, workspaces.access(actor, new WorkspaceId(workspaceId)),
                action, () -> ownerPage(actor, workspaceId, model));
    }

    /** The decision from the form; sessions to erase are named by their ids or links, one or more per line. */
    private static EndUserAnswers.Decision decision(String decision, String note, String eraseSessions) {
        if (!decision.equals("fulfil") && !decision.equals("decline")) {
            throw CustosException.invalid("invalid-decision", "Choose to carry the request out or to decline it.");
        }
        List<UUID> sessions = new ArrayList<>();
        Matcher ids = SESSION_ID.matcher(eraseSessions);
        while (ids.find()) {
            sessions.add(UUID.fromString(ids.group()));
        }
        if (sessions.isEmpty() && !eraseSessions.isBlank()) {
            throw CustosException.invalid("unknown-session", "Name the sessions to erase by their ids or links.");
        }
        return new EndUserAnswers.Decision(decision.equals("fulfil"), note, sessions);
    }
}
