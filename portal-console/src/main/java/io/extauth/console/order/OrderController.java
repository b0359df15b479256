package io.extauth.console.order;

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
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The order form of the help page: type (Symantec with its credential ID, or PhoneFactor), promo code, MSA
 * acknowledgement. The console checks nothing itself: order-service names every problem at once and each is shown
 * next to its field.
 */
@Controller
class OrderController {

    /** What the form holds, also when it comes back with errors. */
    record OrderForm(String userId, String email, String type, String credentialId, String promoCode,
            boolean msaAcknowledged) {
    }

    private final Api api;

    OrderController(Api api) {
        this.api = api;
    }

    @GetMapping("/orders/new")
    String form(@ModelAttribute("visitor") Visitor visitor, @RequestParam(defaultValue = "") String userId,
            Model model) {
        Access.requireAdmin(visitor);
        return page(model, new OrderForm(userId, "", "PHONEFACTOR", "", "", false), Map.of(), null);
    }

    @PostMapping("/orders")
    String place(@ModelAttribute("visitor") Visitor visitor, @RequestParam(defaultValue = "") String userId,
            @RequestParam(defaultValue = "") String email, @RequestParam(defaultValue = "") String type,
            @RequestParam(defaultValue = "") String credentialId, @RequestParam(defaultValue = "") String promoCode,
            @RequestParam(defaultValue = "false") boolean msaAcknowledged, Model model, RedirectAttributes flash) {
        Access.requireAdmin(visitor);
        OrderForm form = new OrderForm(userId.strip(), email.strip(), type, credentialId.strip(), promoCode.strip(),
                msaAcknowledged);
        try {
            String orderId = api.placeOrder(visitor, new Api.OrderRequest(visitor.accountId(), form.userId(),
                    form.email(), form.type(), "SYMANTEC_VIP".equals(form.type()) ? form.credentialId() : null,
                    form.promoCode(), form.msaAcknowledged()));
            flash.addFlashAttribute("notice", "Order " + orderId + " placed for " + form.userId() + ". The user gets "
                    + "an e-mail once External Authentication is provisioned.");
            return "redirect:/users/" + form.userId();
        } catch (ApiProblem problem) {
            if (problem.status() == 429) {
                // too many promo codes that did not apply: the form again, as entered, with what to do
                return page(model, form, Map.of("promoCode", "Too many promo codes that did not apply: leave it "
                        + "out, or try again later."), problem.detail());
            }
            if (problem.status() != 400 && problem.status() != 422) {
                throw problem;
            }
            return page(model, form, problem.messagesByField(), problem.detail());
        }
    }

    private static String page(Model model, OrderForm form, Map<String, String> errors, @Nullable String summary) {
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("summary", summary);
        return "order";
    }
}
