package dev.custos.conformance;

import java.nio.charset.StandardCharsets;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** {@code /conformance} (public, like the privacy policy it backs) and its Markdown twin. */
@Controller
class ConformancePages {

    private final Conformance conformance;

    ConformancePages(Conformance conformance) {
        this.conformance = conformance;
    }

    @GetMapping("/conformance")
    String page(Model model) {
        model.addAttribute("report", conformance.report());
        return "conformance";
    }

    @GetMapping("/conformance.md")
    ResponseEntity<String> markdown() {
        return ResponseEntity.ok().contentType(new MediaType("text", "markdown", StandardCharsets.UTF_8))
                .body(conformance.markdown());
    }
}
