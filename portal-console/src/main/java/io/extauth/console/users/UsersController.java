package io.extauth.console.users;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The account's users with their two-factor state, one user's page (factor, orders, e-mails), and an admin's
 * unlock, PIN reset and deactivate. extauth has no user directory: the users are those the account ordered for.
 */
@Controller
class UsersController {

    /** One row of the users screen. */
    record Row(String userId, TwoFactorState state, Api.@Nullable Factor factor,
            Api.Order latestOrder) {
    }

    private final Api api;

    UsersController(Api api) {
        this.api = api;
    }

    @GetMapping("/")
    String home(@ModelAttribute("visitor") Visitor visitor) {
        return visitor.admin() ? "redirect:/users" : "redirect:/users/" + visitor.name();
    }

    @GetMapping("/users")
    String users(@ModelAttribute("visitor") Visitor visitor, Model model) {
        if (!visitor.admin()) {
            return "redirect:/users/" + visitor.name();
        }
        Map<String, Api.Order> latest = new LinkedHashMap<>();
        for (Api.Order order : api.orders(visitor, visitor.accountId())) {
            latest.putIfAbsent(order.userId(), order);
        }
        List<Row> rows = new ArrayList<>();
        for (Api.Order order : latest.values()) {
            Api.Factor factor = factorOrNull(visitor, order.userId());
            rows.add(new Row(order.userId(), factor == null ? TwoFactorState.NONE : TwoFactorState.of(factor), factor,
                    order));
        }
        model.addAttribute("rows", rows);
        return "users";
    }

    @GetMapping("/users/{userId}")
    String user(@ModelAttribute("visitor") Visitor visitor, @PathVariable String userId, Model model) {
        Access.requireMayActOn(visitor, userId);
        Api.Factor factor = factorOrNull(visitor, userId);
        model.addAttribute("userId", userId);
        model.addAttribute("factor", factor);
        model.addAttribute("state", factor == null ? TwoFactorState.NONE : TwoFactorState.of(factor));
        model.addAttribute("orders", api.orders(visitor, visitor.accountId()).stream()
                .filter(order -> order.userId().equals(userId)).toList());
        model.addAttribute("emails", api.emails(visitor, visitor.accountId(), userId));
        return "user";
    }

    @PostMapping("/users/{userId}/unlock")
    String unlock(@ModelAttribute("visitor") Visitor visitor, @PathVariable String userId, RedirectAttributes flash) {
        return admin(visitor, userId, Api.AdminAction.UNLOCK, "Unlocked: " + userId + " can sign in again.", flash);
    }

    @PostMapping("/users/{userId}/pin-reset")
    String pinReset(@ModelAttribute("visitor") Visitor visitor, @PathVariable String userId, RedirectAttributes flash) {
        return admin(visitor, userId, Api.AdminAction.PIN_RESET,
                "PIN reset: " + userId + " must set a new PIN in PhoneFactor settings before the next sign-in.", flash);
    }

    @PostMapping("/users/{userId}/deactivate")
    String deactivate(@ModelAttribute("visitor") Visitor visitor, @PathVariable String userId,
            RedirectAttributes flash) {
        return admin(visitor, userId, Api.AdminAction.DEACTIVATE,
                "Deactivated: " + userId + " signs in without a second factor until ordered again.", flash);
    }

    private String admin(Visitor visitor, String userId, Api.AdminAction action, String done, RedirectAttributes flash) {
        Access.requireAdmin(visitor);
        try {
            api.admin(visitor, visitor.accountId(), userId, action);
            flash.addFlashAttribute("notice", done);
        } catch (ApiProblem problem) {
            flash.addFlashAttribute("alert", problem.detail());
        }
        return "redirect:/users/" + userId;
    }

    private Api.@Nullable Factor factorOrNull(Visitor visitor, String userId) {
        try {
            return api.factor(visitor, visitor.accountId(), userId);
        } catch (ApiProblem problem) {
            if (problem.status() == 404) {
                return null;
            }
            throw problem;
        }
    }

}
