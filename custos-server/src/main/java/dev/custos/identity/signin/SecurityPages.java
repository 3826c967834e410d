package dev.custos.identity.signin;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import dev.custos.identity.Accounts;
import dev.custos.identity.Actor;
import dev.custos.identity.factors.Passkeys;
import dev.custos.identity.factors.SecondFactors;
import dev.custos.identity.sso.ExternalIdentities;
import dev.custos.platform.web.CustosException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Sign-in security in the dashboard: the authenticator app (enrolled by QR code, with backup codes), passkeys,
 * where you are signed in, remembered devices and single sign-on links. The same services as the API.
 */
@Controller
class SecurityPages {

    private final SecondFactors factors;
    private final Passkeys passkeys;
    private final SignedInSessions sessions;
    private final RememberMe rememberMe;
    private final ExternalIdentities identities;
    private final Accounts accounts;

    SecurityPages(SecondFactors factors, Passkeys passkeys, SignedInSessions sessions, RememberMe rememberMe,
                  ExternalIdentities identities, Accounts accounts) {
        this.accounts = accounts;
        this.factors = factors;
        this.passkeys = passkeys;
        this.sessions = sessions;
        this.rememberMe = rememberMe;
        this.identities = identities;
    }

    @GetMapping("/profile/security")
    String security(Actor actor, HttpServletRequest request, Model model) {
        actor.requireSignedIn("Your sign-in security");
        model.addAttribute("status", factors.status(actor.person()));
        model.addAttribute("passkeys", passkeys.list(actor.person()));
        model.addAttribute("sessions", sessions.list(actor.person(), request.getSession().getId()));
        model.addAttribute("devices", rememberMe.list(actor.person()));
        model.addAttribute("links", identities.of(actor.person()));
        return "identity/security";
    }

    @PostMapping("/profile/security/totp/enrolment")
    String enrol(Actor actor, @RequestParam(defaultValue = "") String password, HttpServletRequest request,
                 Model model) {
        try {
            model.addAttribute("enrolment", factors.enrol(actor.person(), password));
        } catch (CustosException e) {
            model.addAttribute("error", e.getMessage());
        }
        return security(actor, request, model);
    }

    @PostMapping("/profile/security/totp/confirmation")
    String confirm(Actor actor, @RequestParam(defaultValue = "") String code, HttpServletRequest request,
                   Model model) {
        try {
            List<String> codes = factors.confirm(actor.person(), code);
            model.addAttribute("backupCodes", codes);
            model.addAttribute("notice", "Your authenticator app is on. Save the backup codes below: each signs you in "
                    + "once if you lose the device, and they are shown only now.");
        } catch (CustosException e) {
            model.addAttribute("error", e.getMessage());
        }
        return security(actor, request, model);
    }

    @PostMapping("/profile/security/backup-codes")
    String backupCodes(Actor actor, @RequestParam(defaultValue = "") String password, HttpServletRequest request,
                       Model model) {
        try {
            model.addAttribute("backupCodes", factors.regenerateBackupCodes(actor.person(), password));
            model.addAttribute("notice", "New backup codes; the old ones no longer work.");
        } catch (CustosException e) {
            model.addAttribute("error", e.getMessage());
        }
        return security(actor, request, model);
    }

    @PostMapping("/profile/security/totp/removal")
    String removeTotp(Actor actor, @RequestParam(defaultValue = "") String password,
                      @RequestParam(defaultValue = "") String code, HttpServletRequest request, Model model) {
        try {
            factors.remove(actor.person(), password, code);
            model.addAttribute("notice", "The authenticator app is off.");
        } catch (CustosException e) {
            model.addAttribute("error", e.getMessage());
        }
        return security(actor, request, model);
    }

    @PostMapping("/profile/security/passkeys/{id}/removal")
    String removePasskey(Actor actor, @PathVariable String id, @RequestParam(defaultValue = "") String password,
                         HttpServletRequest request, Model model) {
        try {
            accounts.reverify(actor.person(), password, "passkey_removal");
            if (passkeys.remove(actor.person(), id)) {
                factors.factorRemoved(actor.person());
                model.addAttribute("notice", "The passkey was removed.");
            } else {
                model.addAttribute("error", "That passkey is not yours, or was removed already.");
            }
        } catch (CustosException e) {
            model.addAttribute("error", e.getMessage());
        }
        return security(actor, request, model);
    }

    @PostMapping("/profile/security/sessions/{id}/end")
    String endSession(Actor actor, @PathVariable String id) {
        sessions.signOut(actor.person(), id);
        return "redirect:/profile/security";
    }

    @PostMapping("/profile/security/sessions/others/end")
    String endOthers(Actor actor, HttpServletRequest request) {
        sessions.signOutOthers(actor.person(), request.getSession().getId(), "signed_out_by_owner");
        return "redirect:/profile/security";
    }

    @PostMapping("/profile/security/devices/{id}/forget")
    String forget(Actor actor, @PathVariable String id) {
        rememberMe.revoke(actor.person(), id);
        return "redirect:/profile/security";
    }
}
