package io.extauth.console.factor;

import io.extauth.console.api.Api;
import io.extauth.console.api.ApiProblem;
import io.extauth.console.signin.Access;
import io.extauth.console.signin.Visitor;
import io.extauth.console.users.TwoFactorState;
import io.extauth.console.users.UserPages;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Symantec VIP activation: the security code the credential shows now. */
@Controller
class SymantecController {

    private final Api api;

    SymantecController(Api api) {
        this.api = api;
    }

    @GetMapping("/users/{userId}/symantec")
    String page(@ModelAttribute("visitor") Visitor visitor, @PathVariable String userId, Model model) {
        Access.requireMayActOn(visitor, userId);
        UserPages.withFactor(model, api, visitor, userId);
        return "symantec";
    }

    @PostMapping("/users/{userId}/symantec")
    String activate(@ModelAttribute("visitor") Visitor visitor, @PathVariable String userId,
            @RequestParam(defaultValue = "") String securityCode, Model model, RedirectAttributes flash) {
        Access.requireMayActOn(visitor, userId);
        try {
            api.activateSymantec(visitor, visitor.accountId(), userId, securityCode.strip());
            flash.addFlashAttribute("notice", "Symantec VIP is active: you will be asked for a security code at your "
                    + "next portal or VPN sign-in.");
            return "redirect:/users/" + userId;
        } catch (ApiProblem problem) {
            problem.rethrowUnlessTheUsersToFix();
            UserPages.withFactor(model, api, visitor, userId);
            model.addAttribute("problem", problem);
            model.addAttribute("errors", problem.messagesByField());
            if (problem.lockedUntil() != null) {
                // the service's detail carries the instant as ISO; say it as every other lockout on the console does
                model.addAttribute("locked", "Activation is " + TwoFactorState.lockedUntil(problem.lockedUntil())
                        + ".");
            }
            return "symantec";
        }
    }
}
