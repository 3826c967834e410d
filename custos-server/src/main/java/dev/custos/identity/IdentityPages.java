package dev.custos.identity;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import dev.custos.identity.factors.SecondFactorSignIn;
import dev.custos.identity.signin.SignedInPerson;
import dev.custos.identity.signin.SignedInSessions;
import dev.custos.identity.sso.SsoErrors;
import dev.custos.identity.sso.SsoProviders;
import dev.custos.identity.sso.SsoSignIn;
import dev.custos.platform.web.CustosException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The sign-up and sign-in pages; refusals are shown on the form, with what was typed kept (but the password). */
@Controller
class IdentityPages {

    private final Accounts accounts;
    private final IdentityProperties properties;
    private final SecondFactorSignIn secondFactor;
    private final SignedInSessions sessions;
    private final SsoProviders ssoProviders;
    private final SsoSignIn ssoSignIn;
    private final EmailChanges emailChanges;

    IdentityPages(Accounts accounts, IdentityProperties properties, SecondFactorSignIn secondFactor,
                  SignedInSessions sessions, SsoProviders ssoProviders, SsoSignIn ssoSignIn,
                  EmailChanges emailChanges) {
        this.emailChanges = emailChanges;
        this.sessions = sessions;
        this.ssoProviders = ssoProviders;
        this.ssoSignIn = ssoSignIn;
        this.accounts = accounts;
        this.properties = properties;
        this.secondFactor = secondFactor;
    }

    /** The sign-up form's fields; the password is never put back into the page. */
    record SignUpForm(String code, String name, String email, String company) {
    }

    @GetMapping("/signup")
    String signUpPage(@RequestParam(defaultValue = "") String code, Model model,
                      @AuthenticationPrincipal Object principal) {
        if (principal instanceof SignedInPerson) {
            // Someone with an account opened an invitation link: they join instead of signing up again.
            return "redirect:/invites?code=" + URLEncoder.encode(code, StandardCharsets.UTF_8);
        }
        model.addAttribute("form", new SignUpForm(code, "", "", ""));
        model.addAttribute("minimumAge", properties.minimumAge());
        return "identity/signup";
    }

    @PostMapping("/signup")
    String signUp(@ModelAttribute("form") SignUpForm form, @RequestParam(defaultValue = "") String password,
                  @RequestParam(defaultValue = "false") boolean ageConfirmed, Model model) {
        model.addAttribute("minimumAge", properties.minimumAge());
        var request = new SignUpRequest(form.code(), form.email(), password, form.name(), form.company(), null,
                ageConfirmed);
        String problem = FormChecks.firstProblem(request);
        if (problem != null) {
            model.addAttribute("error", "Please check the form: " + problem + ".");
            return "identity/signup";
        }
        try {
            accounts.signUp(request);
            return "redirect:/signin?registered";
        } catch (CustosException e) {
            model.addAttribute("error", e.getMessage());
            return "identity/signup";
        }
    }

    @GetMapping("/signin")
    String signInPage(@RequestParam(required = false) String ssoError, Model model) {
        model.addAttribute("ssoProviders", ssoProviders.enabled());
        if (ssoError != null) {
            model.addAttribute("ssoError", SsoErrors.MESSAGES.getOrDefault(ssoError, SsoErrors.MESSAGES.get("other")));
        }
        return "identity/signin";
    }

    /** The rest of a sign-up an identity provider started: an invitation code, a name, a password. */
    @GetMapping("/signup/sso")
    String ssoSignUpPage(HttpServletRequest request, Model model) {
        var pending = ssoSignIn.pending(request);
        if (pending.isEmpty()) {
            return "redirect:/signin?ssoError=state";
        }
        model.addAttribute("pending", pending.get());
        model.addAttribute("name", pending.get().name());
        model.addAttribute("minimumAge", properties.minimumAge());
        return "identity/signup-sso";
    }

    @PostMapping("/signup/sso")
    String ssoSignUp(@RequestParam(defaultValue = "") String code, @RequestParam(defaultValue = "") String name,
                     @RequestParam(defaultValue = "") String company, @RequestParam(defaultValue = "") String password,
                     @RequestParam(defaultValue = "false") boolean ageConfirmed, HttpServletRequest request,
                     HttpServletResponse response, Model model) {
        var pending = ssoSignIn.pending(request);
        if (pending.isEmpty()) {
            return "redirect:/signin?ssoError=state";
        }
        var form = new SsoSignIn.SignUpForm(code, name, password, company, null, ageConfirmed);
        String problem = FormChecks.firstProblem(form);
        try {
            if (problem != null) {
                throw CustosException.invalid("invalid-form", "Please check the form: " + problem + ".");
            }
            ssoSignIn.signUp(form, request, response);
            return "redirect:/";
        } catch (CustosException e) {
            model.addAttribute("error", e.getMessage());
            model.addAttribute("pending", pending.get());
            model.addAttribute("code", code);
            model.addAttribute("name", name);
            model.addAttribute("company", company);
            model.addAttribute("minimumAge", properties.minimumAge());
            return "identity/signup-sso";
        }
    }

    @GetMapping("/signin/second-factor")
    String secondFactorPage(HttpServletRequest request, Model model) {
        model.addAttribute("methods", secondFactor.waitingMethods(request));
        return "identity/second-factor";
    }

    @PostMapping("/signin/second-factor")
    String secondFactor(@RequestParam(defaultValue = "") String code, HttpServletRequest request,
                        HttpServletResponse response, Model model) {
        try {
            secondFactor.complete(code, request, response);
            return "redirect:/";
        } catch (CustosException e) {
            if (e.type().equals("invalid-second-factor")) {
                model.addAttribute("error", e.getMessage());
                model.addAttribute("methods", secondFactor.waitingMethods(request));
                return "identity/second-factor";
            }
            return "redirect:/signin?again";
        }
    }

    @GetMapping("/profile")
    String profile(Actor actor, Model model) {
        model.addAttribute("person", accounts.profile(actor.person()));
        model.addAttribute("pendingEmail", emailChanges.pending(actor.person()).orElse(null));
        return "identity/profile";
    }

    @PostMapping("/profile")
    String correctProfile(Actor actor, @RequestParam(defaultValue = "") String name,
                          @RequestParam(required = false) String company,
                          @RequestParam(required = false) String displayName,
                          @RequestParam(required = false) String avatarUrl, Model model) {
        var change = new ProfileChange(null, name, company, displayName, avatarUrl);
        String problem = FormChecks.firstProblem(change);
        if (problem != null) {
            model.addAttribute("error", problem);
            return profile(actor, model);
        }
        try {
            accounts.correctProfile(actor.person(), change);
            model.addAttribute("notice", "Your account was updated.");
        } catch (CustosException e) {
            model.addAttribute("error", e.getMessage());
        }
        return profile(actor, model);
    }

    @PostMapping("/profile/email")
    String requestEmailChange(Actor actor, @RequestParam(defaultValue = "") String email,
                              @RequestParam(defaultValue = "") String password, Model model) {
        try {
            emailChanges.request(actor, email, password);
            model.addAttribute("notice", "We sent a link to " + email.strip() + ". Your email changes once you open "
                    + "it; until then everything still goes to your current address, which we told of the change.");
        } catch (CustosException e) {
            model.addAttribute("error", e.getMessage());
        }
        return profile(actor, model);
    }

    /** The link in the mail to the new address; only the button changes anything. */
    @GetMapping("/profile/email")
    String emailConfirmationPage(Actor actor, @RequestParam(defaultValue = "") String code, Model model) {
        model.addAttribute("code", code);
        model.addAttribute("pendingEmail", emailChanges.pending(actor.person()).orElse(null));
        return "identity/email-change";
    }

    @PostMapping("/profile/email/confirmation")
    String confirmEmailChange(Actor actor, @RequestParam(defaultValue = "") String code, Model model) {
        try {
            emailChanges.confirm(actor, code);
            model.addAttribute("notice", "Your email is changed.");
            return profile(actor, model);
        } catch (CustosException e) {
            model.addAttribute("error", e.getMessage());
            return emailConfirmationPage(actor, code, model);
        }
    }

    @PostMapping("/profile/password")
    String changePassword(Actor actor, @RequestParam(defaultValue = "") String currentPassword,
                          @RequestParam(defaultValue = "") String newPassword, HttpServletRequest request,
                          Model model) {
        try {
            accounts.changePassword(actor.person(), currentPassword, newPassword);
            int ended = sessions.signOutOthers(actor.person(), request.getSession().getId(), "password_changed");
            model.addAttribute("notice", "Your password was changed" + (ended > 0 ? "; your " + ended
                    + " other session(s) were signed out." : "."));
        } catch (CustosException e) {
            model.addAttribute("error", e.getMessage());
        }
        return profile(actor, model);
    }
}
