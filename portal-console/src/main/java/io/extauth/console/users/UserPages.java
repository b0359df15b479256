package io.extauth.console.users;

import io.extauth.console.api.Api;
import io.extauth.console.signin.Visitor;
import org.springframework.ui.Model;

/** What every page about one user shows at its top: whose page it is and their factor as challenge-service has it. */
public final class UserPages {

    private UserPages() {
    }

    /** Adds {@code userId} and {@code factor}; the caller has checked that the visitor may act on the user. */
    public static void withFactor(Model model, Api api, Visitor visitor, String userId) {
        model.addAttribute("userId", userId);
        model.addAttribute("factor", api.factor(visitor, visitor.accountId(), userId));
    }
}
