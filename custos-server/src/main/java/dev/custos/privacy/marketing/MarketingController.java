package dev.custos.privacy.marketing;

import java.util.List;
import java.util.Map;

import dev.custos.identity.Actor;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * The composer's API for installation administrators, and the unsubscribe link every message carries: a page with
 * one button for a person (GET never unsubscribes: mail scanners follow links), and the one-click POST that mail
 * clients send (RFC 8058). Neither needs a sign-in.
 */
@RestController
class MarketingController {

    record NewsMessage(@NotBlank @Size(max = 200) String subject, @NotBlank @Size(max = 20_000) String body) {
    }

    private final Marketing marketing;

    MarketingController(Marketing marketing) {
        this.marketing = marketing;
    }

    @GetMapping("/api/admin/marketing/audience")
    Map<String, Integer> audience(Actor actor) {
        return Map.of("recipients", marketing.audienceSize(actor));
    }

    @PostMapping("/api/admin/marketing/messages")
    @ResponseStatus(HttpStatus.CREATED)
    Marketing.Sent send(Actor actor, @Valid @RequestBody NewsMessage message) {
        return marketing.send(actor, message.subject(), message.body());
    }

    @GetMapping("/api/admin/marketing/messages")
    List<Marketing.Sent> sent(Actor actor) {
        return marketing.sent(actor);
    }

    @GetMapping(value = "/unsubscribe/{token}", produces = MediaType.TEXT_HTML_VALUE)
    String confirm(@PathVariable String token) {
        return page("Unsubscribe from product news", "<form method=\"post\" action=\"/unsubscribe/"
                + HtmlUtils.htmlEscape(token) + "\"><p>Stop receiving product news from Custos?</p>"
                + "<button type=\"submit\">Unsubscribe</button></form>");
    }

    @PostMapping(value = "/unsubscribe/{token}", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> unsubscribe(@PathVariable String token) {
        if (marketing.unsubscribe(token)) {
            return ResponseEntity.ok(page("Unsubscribed", "<p>You will receive no more product news. You can "
                    + "change this in your privacy settings whenever you like.</p>"));
        }
        return ResponseEntity.status(HttpStatus.GONE).body(page("Link not valid", "<p>This unsubscribe link was "
                + "used already or is not valid. Your choice is in your privacy settings.</p>"));
    }

    private static String page(String title, String body) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title
                + "</title><link rel=\"stylesheet\" href=\"/css/custos.css\"></head><body><main><h1>" + title
                + "</h1>" + body + "</main></body></html>";
    }
}
