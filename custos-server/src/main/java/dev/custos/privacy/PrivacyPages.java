package dev.custos.privacy;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** {@code /privacy}: the generated privacy policy and records of processing, public; {@code /privacy.md} too. */
@Controller
class PrivacyPages {

    private final PrivacyPolicy policy;

    PrivacyPages(PrivacyPolicy policy) {
        this.policy = policy;
    }

    @GetMapping("/privacy")
    String policy(Model model) {
        model.addAttribute("policy", policy.document());
        return "privacy/policy";
    }

    @GetMapping("/privacy.md")
    ResponseEntity<String> markdown() {
        return ResponseEntity.ok().contentType(new MediaType("text", "markdown", java.nio.charset.StandardCharsets.UTF_8))
                .body(policy.markdown());
    }
}
