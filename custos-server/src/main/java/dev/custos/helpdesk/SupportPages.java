package dev.custos.helpdesk;

import java.util.UUID;

import dev.custos.identity.Actor;
import dev.custos.platform.web.CustosException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The support pages: a person's requests and a form for a new one; a request's thread; the staff's queue. */
@Controller
class SupportPages {

    private final SupportRequests requests;

    SupportPages(SupportRequests requests) {
        this.requests = requests;
    }

    @GetMapping("/support")
    String mine(Actor actor, Model model) {
        model.addAttribute("requests", requests.mine(actor));
        model.addAttribute("staffView", false);
        return "helpdesk/requests";
    }

    @PostMapping("/support")
    String open(Actor actor, @RequestParam(defaultValue = "") String subject,
                @RequestParam(defaultValue = "") String message, Model model) {
        try {
            return "redirect:/support/" + requests.open(actor, subject, message);
        } catch (CustosException e) {
            model.addAttribute("error", e.getMessage());
            return mine(actor, model);
        }
    }

    @GetMapping({"/support/{requestId}", "/admin/support/{requestId}"})
    String thread(Actor actor, @PathVariable UUID requestId, Model model) {
        SupportRequests.Request request = requests.get(actor, requestId);
        model.addAttribute("request", request);
        model.addAttribute("mine", request.requester().equals(actor.person().id()));
        return "helpdesk/request";
    }

    @PostMapping("/support/{requestId}/messages")
    String write(Actor actor, @PathVariable UUID requestId, @RequestParam(defaultValue = "") String message,
                 Model model) {
        try {
            requests.write(actor, requestId, message);
            model.addAttribute("notice", "Sent.");
        } catch (CustosException e) {
            model.addAttribute("error", e.getMessage());
        }
        return thread(actor, requestId, model);
    }

    @PostMapping("/support/{requestId}/close")
    String close(Actor actor, @PathVariable UUID requestId, Model model) {
        requests.close(actor, requestId);
        model.addAttribute("notice", "Closed. Write again to reopen it.");
        return thread(actor, requestId, model);
    }

    @GetMapping("/admin/support")
    String queue(Actor actor, @RequestParam(required = false) String status, Model model) {
        model.addAttribute("requests", requests.queue(actor, status == null ? "open" : status));
        model.addAttribute("staffView", true);
        model.addAttribute("status", status == null ? "open" : status);
        return "helpdesk/requests";
    }
}
