package dev.custos.privacy;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import dev.custos.identity.Accounts;
import dev.custos.identity.Actor;
import dev.custos.identity.People;
import dev.custos.platform.HumanTime;
import dev.custos.platform.web.CustosException;
import dev.custos.privacy.consent.ConsentPurpose;
import dev.custos.privacy.consent.Consents;
import dev.custos.privacy.export.PersonalDataExport;
import dev.custos.privacy.governance.PolicyVersions;
import dev.custos.privacy.requests.Jurisdiction;
import dev.custos.privacy.requests.PrivacyRequests;
import dev.custos.privacy.requests.RequestKind;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The privacy centre: everything a person decides about their data in one place — consents, cookie choices,
 * restriction, their requests with deadlines and a form for new ones, the categories held about them, and the
 * notices Custos sent them. Export and account deletion are on "Your data", one link away.
 */
@Controller
class PrivacyCentrePages {

    private final Consents consents;
    private final CookieConsent cookies;
    private final PrivacyRequests requests;
    private final Notices notices;
    private final PersonalDataExport export;
    private final Accounts accounts;
    private final People people;
    private final PolicyVersions policies;
    private final Clock clock;

    PrivacyCentrePages(Consents consents, CookieConsent cookies, PrivacyRequests requests, Notices notices,
                       PersonalDataExport export, Accounts accounts, People people, PolicyVersions policies,
                       Clock clock) {
        this.policies = policies;
        this.clock = clock;
        this.consents = consents;
        this.cookies = cookies;
        this.requests = requests;
        this.notices = notices;
        this.export = export;
        this.accounts = accounts;
        this.people = people;
    }

    @GetMapping("/settings/privacy")
    String centre(Actor actor, HttpServletRequest request, Model model) {
        actor.requireSignedIn("The privacy centre");
        model.addAttribute("consents", consents.current(actor.person()));
        model.addAttribute("cookies", cookies.choice(request));
        model.addAttribute("requests", requests.mine(actor));
        model.addAttribute("notices", notices.mine(actor, false));
        model.addAttribute("categories", export.categories(actor.person(), clock.instant()
                .atZone(ZoneOffset.UTC).minusMonths(12).toInstant()));
        model.addAttribute("restricted", people.processingRestricted(actor.person()));
        model.addAttribute("policy", policies.standing(actor));
        model.addAttribute("kinds", List.of(RequestKind.ACCESS, RequestKind.PORTABILITY,
                RequestKind.RECTIFICATION, RequestKind.RESTRICTION, RequestKind.OBJECTION));
        model.addAttribute("jurisdictions", Jurisdiction.values());
        return "privacy/centre";
    }

    /** The person accepts the current version of the privacy policy (GV-02), as its change notice asks. */
    @PostMapping("/settings/privacy/policy")
    String acceptPolicy(Actor actor, @RequestParam(defaultValue = "") String version, HttpServletRequest request,
                        Model model) {
        try {
            policies.accept(actor, version);
            model.addAttribute("notice", "You accepted the privacy policy, version " + version + ".");
        } catch (CustosException e) {
            model.addAttribute("error", e.getMessage());
        }
        return centre(actor, request, model);
    }

    @PostMapping("/settings/privacy/consents")
    String consent(Actor actor, @RequestParam("purpose") String purposeKey, @RequestParam boolean given,
                   HttpServletRequest request, Model model) {
        try {
            ConsentPurpose purpose = ConsentPurpose.of(purposeKey);
            if (purpose != ConsentPurpose.MARKETING_EMAIL && purpose != ConsentPurpose.SALE_SHARING) {
                throw CustosException.invalid("unknown-purpose", "Cookie choices are made under Cookie preferences.");
            }
            consents.decide(actor.person(), purpose, given, "privacy-centre", "settings");
            model.addAttribute("notice", given ? "Consent given; you can withdraw it here at any time."
                    : "Consent withdrawn.");
        } catch (CustosException e) {
            model.addAttribute("error", e.getMessage());
        }
        return centre(actor, request, model);
    }

    @PostMapping("/settings/privacy/consents/withdraw-all")
    String withdrawAll(Actor actor, HttpServletRequest request, Model model) {
        var withdrawn = consents.withdrawAll(actor.person());
        model.addAttribute("notice", withdrawn.isEmpty() ? "No consent was given, so nothing was withdrawn."
                : "Every consent you had given is withdrawn (" + withdrawn.size() + ").");
        return centre(actor, request, model);
    }

    @PostMapping("/settings/privacy/requests")
    String submit(Actor actor, @RequestParam("kind") String kindKey, @RequestParam Jurisdiction jurisdiction,
                  @RequestParam(defaultValue = "") String password, HttpServletRequest request, Model model) {
        try {
            var made = requests.submit(actor, RequestKind.of(kindKey), jurisdiction, password);
            model.addAttribute("notice", "Request received; the answer is due by "
                    + HumanTime.date(made.dueAt()) + ".");
        } catch (CustosException e) {
            model.addAttribute("error", e.getMessage());
        }
        return centre(actor, request, model);
    }

    @PostMapping("/settings/privacy/restriction")
    String restriction(Actor actor, @RequestParam boolean restrict, @RequestParam(defaultValue = "") String password,
                       HttpServletRequest request, Model model) {
        try {
            accounts.restrictProcessing(actor.person(), password, restrict);
            model.addAttribute("notice", restrict ? "Processing of your data is restricted: nothing runs on it until "
                    + "you lift it. You can still export it." : "The restriction is lifted.");
        } catch (CustosException e) {
            model.addAttribute("error", e.getMessage());
        }
        return centre(actor, request, model);
    }

    @PostMapping("/settings/privacy/notices/{noticeId}/read")
    String read(Actor actor, @PathVariable UUID noticeId) {
        notices.markRead(actor, noticeId);
        return "redirect:/settings/privacy#notices";
    }
}
