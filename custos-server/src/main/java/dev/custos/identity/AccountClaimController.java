package dev.custos.identity;

import java.util.UUID;

import dev.custos.platform.PersonId;
import dev.custos.platform.web.CustosException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.bind.annotation.ResponseStatus;

/** Claiming an account that arrived with a moved workspace: the mailed link's page, its API, and a new claim. */
@Controller
class AccountClaimController {

    private final AccountClaims claims;
    private final Accounts accounts;

    AccountClaimController(AccountClaims claims, Accounts accounts) {
        this.claims = claims;
        this.accounts = accounts;
    }

    record Claim(@NotBlank String code, @NotBlank String password) {
    }

    @GetMapping("/claim")
    String claimPage(@RequestParam(defaultValue = "") String code, Model model) {
        model.addAttribute("code", code);
        return "identity/claim";
    }

    @PostMapping("/claim")
    String claim(@RequestParam(defaultValue = "") String code, @RequestParam(defaultValue = "") String password,
                 Model model) {
        try {
            claims.claim(code, password);
            return "redirect:/signin?claimed";
        } catch (CustosException e) {
            model.addAttribute("code", code);
            model.addAttribute("error", e.getMessage());
            return "identity/claim";
        }
    }

    @PostMapping("/api/auth/account-claim")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @ResponseBody
    void claim(@Valid @RequestBody Claim claim) {
        claims.claim(claim.code(), claim.password());
    }

    /** A new claim for a member whose claim expired; the administrator passes the link on. */
    @PostMapping("/api/admin/people/{personId}/account-claim")
    @ResponseBody
    AccountClaims.Arrived reissue(Actor actor, @PathVariable UUID personId) {
        accounts.requireInstallationAdmin(actor, "Only installation administrators issue account claims.");
        return claims.reissue(actor, new PersonId(personId));
    }
}
