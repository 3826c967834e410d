package dev.custos.privacy;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import dev.custos.identity.Actor;
import dev.custos.platform.web.CustosException;
import dev.custos.privacy.erasure.Erasures;
import dev.custos.privacy.export.DataExports;
import dev.custos.privacy.governance.PrivacyPolicy;
import dev.custos.privacy.requests.Jurisdiction;
import dev.custos.privacy.requests.PrivacyRequest;
import dev.custos.privacy.requests.PrivacyRequests;
import dev.custos.privacy.requests.RequestDeadlines;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The privacy pages: {@code /privacy} (the generated policy, public; {@code /privacy.md} too), Settings → Your
 * data (export, objection, requests, account deletion), the public status of an erasure, and the
 * administrators' request queue. Each form does what its API twin does, through the same services.
 */
@Controller
class PrivacyPages {

    private final PrivacyPolicy policy;
    private final PrivacyRequests requests;
    private final DataExports exports;
    private final Objections objections;
    private final Erasures erasures;

    PrivacyPages(PrivacyPolicy policy, PrivacyRequests requests, DataExports exports, Objections objections,
                 Erasures erasures) {
        this.policy = policy;
        this.requests = requests;
        this.exports = exports;
        this.objections = objections;
        this.erasures = erasures;
    }

    @GetMapping("/privacy")
    String policy(Model model) {
        model.addAttribute("policy", policy.document());
        model.addAttribute("cookieRule", PrivacyPolicy.COOKIE_RULE);
        return "privacy/policy";
    }

    @GetMapping("/privacy.md")
    ResponseEntity<String> markdown() {
        return ResponseEntity.ok().contentType(new MediaType("text", "markdown", StandardCharsets.UTF_8))
                .body(policy.markdown());
    }

    @GetMapping("/settings/data")
    String yourData(Actor actor, Model model) {
        model.addAttribute("requests", requests.mine(actor));
        model.addAttribute("analyticsObjected", objections.mine(actor).stream()
                .anyMatch(objection -> objection.purpose().equals("product_analytics")
                        && objection.withdrawnAt() == null));
        return "privacy/data";
    }

    @PostMapping("/settings/data/export")
    String export(Actor actor, @RequestParam(defaultValue = "") String password, Model model) {
        try {
            model.addAttribute("export", exports.create(actor, password));
        } catch (CustosException e) {
            model.addAttribute("error", e.getMessage());
        }
        return yourData(actor, model);
    }

    @PostMapping("/settings/data/analytics")
    String analytics(Actor actor, @RequestParam boolean object, Model model) {
        try {
            if (object) {
                objections.object(actor, Objections.Purpose.PRODUCT_ANALYTICS.key(), Jurisdiction.GDPR, null);
                model.addAttribute("notice", "Product analytics stopped for you, and what it held about you is deleted.");
            } else {
                objections.withdraw(actor, Objections.Purpose.PRODUCT_ANALYTICS.key());
                model.addAttribute("notice", "Product analytics may count your use again.");
            }
        } catch (CustosException e) {
            model.addAttribute("error", e.getMessage());
        }
        return yourData(actor, model);
    }

    @PostMapping("/settings/data/erasure")
    String erase(Actor actor, @RequestParam(defaultValue = "") String password,
                 @RequestParam(defaultValue = "false") boolean confirm, Model model) {
        if (!confirm) {
            model.addAttribute("error", "Tick the box to confirm that your account is to be deleted.");
            return yourData(actor, model);
        }
        try {
            PrivacyRequest request = erasures.request(actor, password, Jurisdiction.GDPR);
            return "redirect:/privacy/erasures/" + request.id();
        } catch (CustosException e) {
            model.addAttribute("error", e.getMessage());
            return yourData(actor, model);
        }
    }

    /** Public: the requester is signed out for good by then. Shows the status and dates, nothing about them. */
    @GetMapping("/privacy/erasures/{requestId}")
    String erasureStatus(@PathVariable UUID requestId, Model model) {
        model.addAttribute("request", requests.erasure(requestId)
                .orElseThrow(() -> CustosException.notFound("Request")));
        return "privacy/erasure";
    }

    @GetMapping("/admin/privacy/requests")
    String queue(Actor actor, @RequestParam(defaultValue = "false") boolean all, Model model) {
        model.addAttribute("requests", requests.queue(actor, all));
        model.addAttribute("all", all);
        return "privacy/queue";
    }

    /** An administrator moves a request on: in progress, completed or rejected, with words the requester reads. */
    @PostMapping("/admin/privacy/requests/{requestId}/status")
    String advance(Actor actor, @PathVariable UUID requestId, @RequestParam(defaultValue = "") String status,
                   @RequestParam(defaultValue = "") String note, Model model) {
        try {
            requests.advance(actor, requestId, status, note);
            model.addAttribute("notice", "The request is " + status.replace('_', ' ') + "; the requester was told.");
        } catch (CustosException e) {
            model.addAttribute("error", e.getMessage());
        }
        return queue(actor, false, model);
    }

    @PostMapping("/admin/privacy/requests/{requestId}/extension")
    String extend(Actor actor, @PathVariable UUID requestId, @RequestParam(defaultValue = "") String dueOn,
                  @RequestParam(defaultValue = "") String reason, Model model) {
        try {
            requests.extend(actor, requestId, RequestDeadlines.endOfPickedDay(dueOn), reason);
            model.addAttribute("notice", "Extended; the requester was told why and the new date.");
        } catch (CustosException e) {
            model.addAttribute("error", e.getMessage());
        }
        return queue(actor, false, model);
    }
}
