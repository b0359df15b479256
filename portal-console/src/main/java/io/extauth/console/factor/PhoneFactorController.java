package io.extauth.console.factor;

import java.util.Map;

import io.extauth.console.api.Api;
import io.extauth.console.api.ApiProblem;
import io.extauth.console.signin.Access;
import io.extauth.console.signin.Visitor;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * PhoneFactor settings as the help page describes them: a primary and an optional secondary phone, each verified by
 * a call answered with #; one of six methods, a PIN for the PIN methods; status Active. Before provisioning
 * challenge-service answers 409 and the page says to wait for the e-mail.
 */
@Controller
class PhoneFactorController {

    private final Api api;

    PhoneFactorController(Api api) {
        this.api = api;
    }

    @GetMapping("/users/{userId}/phonefactor")
    String page(@ModelAttribute("visitor") Visitor visitor, @PathVariable String userId, Model model) {
        Access.requireMayActOn(visitor, userId);
        Api.Factor factor = api.factor(visitor, visitor.accountId(), userId);
        String method = factor.method() == null ? Method.PHONE_CALL_STANDARD.name() : factor.method();
        String status = factor.settingsStatus() == null ? "ACTIVE" : factor.settingsStatus();
        return settings(model, userId, factor, method, status, Map.of(), null);
    }

    /** Starts the verification call; the answer is a fragment that shows "calling…" and asks again until decided. */
    @PostMapping("/users/{userId}/phonefactor/phones")
    String verify(@ModelAttribute("visitor") Visitor visitor, @PathVariable String userId,
            @RequestParam(defaultValue = "PRIMARY") String slot, @RequestParam(defaultValue = "") String countryCode,
            @RequestParam(defaultValue = "") String number, @RequestParam(defaultValue = "") String extension,
            Model model) {
        Access.requireMayActOn(visitor, userId);
        model.addAttribute("userId", userId);
        model.addAttribute("slot", slot);
        try {
            model.addAttribute("verification", api.verifyPhone(visitor, visitor.accountId(), userId,
                    new Api.PhoneRequest(slot, countryCode.strip(), number.strip(), extension.strip())));
        } catch (ApiProblem problem) {
            model.addAttribute("problem", problem);
            model.addAttribute("errors", problem.messagesByField());
        }
        return "phonefactor-fragments :: verification";
    }

    @GetMapping("/users/{userId}/phonefactor/verifications/{verificationId}")
    String verification(@ModelAttribute("visitor") Visitor visitor, @PathVariable String userId,
            @PathVariable String verificationId, Model model) {
        Access.requireMayActOn(visitor, userId);
        Api.Verification verification = api.verification(visitor, visitor.accountId(), userId, verificationId);
        model.addAttribute("userId", userId);
        model.addAttribute("slot", verification.slot());
        model.addAttribute("verification", verification);
        return "phonefactor-fragments :: verification";
    }

    @PostMapping("/users/{userId}/phonefactor/settings")
    String save(@ModelAttribute("visitor") Visitor visitor, @PathVariable String userId,
            @RequestParam(defaultValue = "ACTIVE") String status, @RequestParam(defaultValue = "") String method,
            @RequestParam(defaultValue = "") String pin, Model model, RedirectAttributes flash) {
        Access.requireMayActOn(visitor, userId);
        // the PIN input stays in the form while hidden: a PIN typed for a PIN method is not sent for another one
        String sentPin = Method.needsPin(method) ? pin : null;
        try {
            Api.Factor saved = api.saveSettings(visitor, visitor.accountId(), userId,
                    new Api.SettingsRequest(status, method.isEmpty() ? null : method, sentPin));
            flash.addFlashAttribute("notice", "ACTIVE".equals(saved.state()) && "ACTIVE".equals(saved.settingsStatus())
                    ? "Saved. PhoneFactor is active: you will be asked for it at your next portal or VPN sign-in."
                    : "Saved.");
            return "redirect:/users/" + userId + "/phonefactor";
        } catch (ApiProblem problem) {
            problem.rethrowUnlessTheUsersToFix();
            Api.Factor factor = api.factor(visitor, visitor.accountId(), userId);
            return settings(model, userId, factor, method, status, problem.messagesByField(), problem);
        }
    }

    private static String settings(Model model, String userId, Api.Factor factor, String method, String status,
            Map<String, String> errors, @Nullable ApiProblem problem) {
        model.addAttribute("userId", userId);
        model.addAttribute("factor", factor);
        model.addAttribute("methods", Method.all());
        model.addAttribute("method", method);
        model.addAttribute("status", status);
        model.addAttribute("errors", errors);
        model.addAttribute("problem", problem);
        return "phonefactor";
    }
}
