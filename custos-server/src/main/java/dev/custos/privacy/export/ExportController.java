package dev.custos.privacy.export;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

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
    private final Clock clock;

    ExportController(DataExports exports, PersonalDataExport export, Clock clock) {
        this.exports = exports;
        this.export = export;
        this.clock = clock;
    }

    /** What a person is told when they ask what is collected about them (DR-09). */
    record Categories(Instant since, List<PersonalDataExport.HeldCategory> pastTwelveMonths,
                      List<PersonalDataExport.HeldCategory> heldNow, boolean sold, boolean shared) {
    }

    /**
     * The categories of personal data collected about the signed-in person in the past 12 months (CCPA's right to
     * know), and all those held now, each in words with its CCPA category and why. Nothing is sold or shared.
     */
    @GetMapping("/api/privacy/categories")
    Categories categories(Actor actor) {
        Instant since = clock.instant().atZone(ZoneOffset.UTC).minusMonths(12).toInstant();
        return new Categories(since, export.categories(actor.person(), since), export.categories(actor.person(), null),
                false, false);
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
