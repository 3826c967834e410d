package dev.custos.privacy;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import dev.custos.identity.Actor;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/privacy/exports} makes a link; {@code GET /api/privacy/exports/{token}} downloads the zip. */
@RestController
class ExportController {

    private final DataExports exports;
    private final PersonalDataExport export;

    ExportController(DataExports exports, PersonalDataExport export) {
        this.exports = exports;
        this.export = export;
    }

    /**
     * The categories of personal data held about the signed-in person, with why (CCPA "categories collected";
     * Custos keeps nothing older than its retention rules allow, at most two years for usage, so this covers
     * the past 12 months and more). Nothing is sold or shared.
     */
    @GetMapping("/api/privacy/categories")
    java.util.Map<String, Object> categories(Actor actor) {
        return java.util.Map.of("categories", export.categories(actor.person()), "sold", false, "shared", false);
    }

    record ExportRequest(@NotBlank @Size(max = 1000) String password) {
        @Override
        public String toString() {
            return "ExportRequest[]";
        }
    }

    @PostMapping("/api/privacy/exports")
    @ResponseStatus(HttpStatus.CREATED)
    DataExports.Link create(Actor actor, @Valid @RequestBody ExportRequest request) {
        return exports.create(actor, request.password());
    }

    @GetMapping("/api/privacy/exports/{token}")
    void download(Actor actor, @PathVariable String token, HttpServletResponse response) throws IOException {
        exports.redeem(actor, token); // refusals happen here, as problem+json, before the zip starts
        response.setContentType("application/zip");
        response.setHeader("Content-Disposition", "attachment; filename=\"custos-export.zip\"");
        response.setHeader("Cache-Control", "no-store");
        exports.stream(actor, response.getOutputStream());
    }
}
