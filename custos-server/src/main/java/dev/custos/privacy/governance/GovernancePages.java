package dev.custos.privacy.governance;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import dev.custos.identity.Accounts;
import dev.custos.identity.Actor;
import dev.custos.identity.People;
import dev.custos.platform.personaldata.MappedTable;
import dev.custos.platform.web.CustosException;
import dev.custos.privacy.DataMap;
import dev.custos.privacy.SubProcessors;
import dev.custos.privacy.retention.LegalHolds;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The administrators' governance pages: legal holds (RT-09), the sub-processor registry (GV-01, GV-07) and the
 * breach register (SC-06). Each form does what its API twin does, through the same services, and says what
 * happened or why not on the page.
 */
@Controller
class GovernancePages {

    private final LegalHolds holds;
    private final SubProcessors subProcessors;
    private final Breaches breaches;
    private final DataMap map;
    private final People people;
    private final Accounts accounts;

    GovernancePages(LegalHolds holds, SubProcessors subProcessors, Breaches breaches, DataMap map, People people,
                    Accounts accounts) {
        this.holds = holds;
        this.subProcessors = subProcessors;
        this.breaches = breaches;
        this.map = map;
        this.people = people;
        this.accounts = accounts;
    }

    /** Runs a form's action and shows the page again with what happened, or why not. */
    private static String act(Model model, Runnable action, String done, Supplier<String> page) {
        try {
            action.run();
            model.addAttribute("notice", done);
        } catch (CustosException e) {
            model.addAttribute("error", e.getMessage());
        }
        return page.get();
    }

    @GetMapping("/admin/legal-holds")
    String holds(Actor actor, Model model) {
        model.addAttribute("holds", holds.list(actor));
        model.addAttribute("tables", map.tables().stream().map(MappedTable::name).sorted().toList());
        return "privacy/legal-holds";
    }

    @PostMapping("/admin/legal-holds")
    String place(Actor actor, @RequestParam(defaultValue = "") String workspaceId,
                 @RequestParam(defaultValue = "") String personEmail,
                 @RequestParam(required = false) @Nullable List<String> tables,
                 @RequestParam(defaultValue = "") String reason, Model model) {
        return act(model, () -> {
            accounts.requireInstallationAdmin(actor, "Only installation administrators place legal holds.");
            UUID person = personEmail.isBlank() ? null : people.withEmail(personEmail)
                    .orElseThrow(() -> CustosException.invalid("unknown-person", "No account uses that email."))
                    .id();
            holds.place(actor, uuidOrNull(workspaceId, "workspace"), person, tables == null ? List.of() : tables,
                    reason);
        }, "The hold is placed: retention and erasure spare what it names until you release it.",
                () -> holds(actor, model));
    }

    @PostMapping("/admin/legal-holds/{holdId}/release")
    String release(Actor actor, @PathVariable UUID holdId, Model model) {
        return act(model, () -> holds.release(actor, holdId), "Released: what it kept is deleted when its rules say.",
                () -> holds(actor, model));
    }

    @GetMapping("/admin/sub-processors")
    String subProcessors(Actor actor, Model model) {
        accounts.requireInstallationAdmin(actor, "Only installation administrators keep the sub-processor registry.");
        model.addAttribute("subProcessors", subProcessors.list());
        return "privacy/sub-processors";
    }

    @PostMapping("/admin/sub-processors")
    String addSubProcessor(Actor actor, @RequestParam(defaultValue = "") String name,
                           @RequestParam(defaultValue = "") String purpose,
                           @RequestParam(defaultValue = "") String location,
                           @RequestParam(defaultValue = "") String transferSafeguard,
                           @RequestParam(defaultValue = "false") boolean zeroRetention, Model model) {
        return act(model, () -> {
            if (name.isBlank() || purpose.isBlank() || location.isBlank() || transferSafeguard.isBlank()) {
                throw CustosException.invalid("fields-required", "Give the name, purpose, location and transfer "
                        + "safeguard.");
            }
            subProcessors.add(actor, name.strip(), purpose.strip(), location.strip(), transferSafeguard.strip(),
                    zeroRetention);
        }, "Added; every workspace owner is told, and the privacy policy lists it.", () -> subProcessors(actor, model));
    }

    @PostMapping("/admin/sub-processors/{id}/remove")
    String removeSubProcessor(Actor actor, @PathVariable UUID id, Model model) {
        return act(model, () -> subProcessors.remove(actor, id), "Removed; every workspace owner is told.",
                () -> subProcessors(actor, model));
    }

    @GetMapping("/admin/breaches")
    String breaches(Actor actor, Model model) {
        model.addAttribute("breaches", breaches.list(actor));
        return "privacy/breaches";
    }

    @PostMapping("/admin/breaches")
    String recordBreach(Actor actor, @RequestParam(defaultValue = "") String detectedAt,
                        @RequestParam(defaultValue = "") String description,
                        @RequestParam(defaultValue = "") String categories,
                        @RequestParam(defaultValue = "false") boolean highRisk,
                        @RequestParam(defaultValue = "") String affectedEmails, Model model) {
        return act(model, () -> {
            accounts.requireInstallationAdmin(actor, "Only installation administrators keep the breach register.");
            Instant detected;
            try {
                detected = LocalDateTime.parse(detectedAt).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw CustosException.invalid("invalid-time", "Give when the breach was detected (UTC).");
            }
            List<UUID> affected = Arrays.stream(affectedEmails.split("[\\s,;]+")).filter(e -> !e.isBlank())
                    .map(email -> people.withEmail(email).orElseThrow(() -> CustosException.invalid("unknown-person",
                            "No account uses " + email + ".")).id()).toList();
            breaches.record(actor, detected, description, Arrays.stream(categories.split(","))
                    .map(String::strip).filter(c -> !c.isEmpty()).toList(), highRisk, affected);
        }, "Recorded. The authority must be told within 72 hours of detection.", () -> breaches(actor, model));
    }

    @PostMapping("/admin/breaches/{breachId}/authority-notified")
    String authorityNotified(Actor actor, @PathVariable UUID breachId, Model model) {
        return act(model, () -> breaches.authorityNotified(actor, breachId), "Recorded: the authority was told.",
                () -> breaches(actor, model));
    }

    @PostMapping("/admin/breaches/{breachId}/notify-people")
    String notifyPeople(Actor actor, @PathVariable UUID breachId, @RequestParam(defaultValue = "") String message,
                        Model model) {
        return act(model, () -> {
            if (message.isBlank()) {
                throw CustosException.invalid("message-required", "Write what the affected people are to be told.");
            }
            breaches.notifyPeople(actor, breachId, message);
        }, "The affected people were told, in the app and by email.", () -> breaches(actor, model));
    }

    private static @Nullable UUID uuidOrNull(String text, String what) {
        if (text.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(text.strip());
        } catch (IllegalArgumentException e) {
            throw CustosException.invalid("invalid-id", "That is not a " + what + " id.");
        }
    }
}
