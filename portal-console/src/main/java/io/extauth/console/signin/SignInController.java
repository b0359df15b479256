package io.extauth.console.signin;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The dev-only sign-in: anyone who reaches the page may be any admin or user of any account, which is why only the
 * local stack turns it on (and binds it to this machine). A real portal signs its people in with its own identity
 * provider and calls extauth with its PORTAL token.
 */
@Controller
class SignInController {

    /**
     * order-service's account and user ids (its {@code OrderValidator}): no {@code @}, and not only dots, as {@code .}
     * and {@code ..} are no user (their page, {@code /users/..}, is {@code /}, which sent the user back there without
     * end).
     */
    private static final Pattern NAME = Pattern.compile("^(?!\\.+$)[A-Za-z0-9._-]{1,64}$");

    private final DevTokens tokens;

    SignInController(DevTokens tokens) {
        this.tokens = tokens;
    }

    @GetMapping("/sign-in")
    String page(Model model) {
        model.addAttribute("enabled", tokens.enabled());
        return "sign-in";
    }

    @PostMapping("/sign-in")
    String signIn(@RequestParam(defaultValue = "") String kind, @RequestParam(defaultValue = "") String accountId,
            @RequestParam(defaultValue = "") String name, HttpServletRequest request, Model model) {
        if (!tokens.enabled()) {
            model.addAttribute("enabled", false);
            return "sign-in";
        }
        Map<String, String> errors = new LinkedHashMap<>();
        if (!NAME.matcher(accountId).matches()) {
            errors.put("accountId", "Enter the account, e.g. 1234 (letters, digits, . _ -, not only dots).");
        }
        if (!NAME.matcher(name).matches()) {
            errors.put("name", "Enter a name, e.g. carol (letters, digits, . _ -, not only dots).");
        }
        Visitor.Kind chosen = "admin".equals(kind) ? Visitor.Kind.ADMIN : "user".equals(kind) ? Visitor.Kind.USER : null;
        if (chosen == null) {
            errors.put("kind", "Choose admin or user.");
        }
        if (!errors.isEmpty() || chosen == null) {
            model.addAttribute("enabled", true);
            model.addAttribute("errors", errors);
            model.addAttribute("kind", kind);
            model.addAttribute("accountId", accountId);
            model.addAttribute("name", name);
            return "sign-in";
        }
        HttpSession old = request.getSession(false);
        if (old != null) {
            old.invalidate();
        }
        Visitor visitor = new Visitor(chosen, accountId, name);
        request.getSession(true).setAttribute(SignedIn.SESSION_KEY, visitor);
        return visitor.admin() ? "redirect:/users" : "redirect:/users/" + name;
    }

    @PostMapping("/sign-out")
    String signOut(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        return "redirect:/sign-in";
    }
}
