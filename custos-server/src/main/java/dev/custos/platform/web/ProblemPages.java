package dev.custos.platform.web;

import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * Where a problem's {@code type} URI leads (RFC 9457): {@code /problems} lists every type, {@code /problems/<type>}
 * explains one, as a page or, asked for JSON, as its catalogue entry. Public: a refusal's reader may be signed out.
 */
@Controller
class ProblemPages {

    private final ProblemCatalogue catalogue;

    ProblemPages(ProblemCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    @GetMapping("/problems")
    String all(Model model) {
        model.addAttribute("problems", catalogue.entries());
        return "problems";
    }

    @GetMapping("/problems/{type}")
    String one(@PathVariable String type, Model model) {
        model.addAttribute("problems", List.of(entry(type)));
        return "problems";
    }

    @GetMapping(value = "/problems/{type}", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    ProblemCatalogue.Entry oneAsJson(@PathVariable String type) {
        return entry(type);
    }

    private ProblemCatalogue.Entry entry(String type) {
        return catalogue.find(type).orElseThrow(() -> CustosException.notFound("Problem type " + type));
    }
}
