package dev.custos.privacy.marketing;

import dev.custos.identity.Actor;
import dev.custos.platform.web.CustosException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The product-news composer: how many will receive it (only those who consented), and what was sent. */
@Controller
class MarketingPages {

    private final Marketing marketing;

    MarketingPages(Marketing marketing) {
        this.marketing = marketing;
    }

    @GetMapping("/admin/marketing")
    String page(Actor actor, Model model) {
        model.addAttribute("audience", marketing.audienceSize(actor));
        model.addAttribute("sent", marketing.sent(actor));
        return "privacy/marketing";
    }

    @PostMapping("/admin/marketing")
    String send(Actor actor, @RequestParam(defaultValue = "") String subject,
                @RequestParam(defaultValue = "") String body, Model model) {
        try {
            var sent = marketing.send(actor, subject, body);
            model.addAttribute("notice", "Sent to " + sent.recipients() + " people who asked for product news.");
        } catch (CustosException e) {
            model.addAttribute("error", e.getMessage());
        }
        return page(actor, model);
    }
}
