package io.extauth.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.extauth.console.api.ApiProblem;
import io.extauth.console.signin.SignedIn;
import io.extauth.console.signin.Visitor;
import org.jspecify.annotations.Nullable;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every screen knows: who is signed in, how often to poll; and a refusal no screen handled, shown plainly. */
@ControllerAdvice
class ConsoleAdvice {

    private final ConsoleProperties properties;

    ConsoleAdvice(ConsoleProperties properties) {
        this.properties = properties;
    }

    @ModelAttribute("visitor")
    @Nullable Visitor visitor(HttpServletRequest request) {
        return SignedIn.visitor(request);
    }

    @ModelAttribute("pollEvery")
    String pollEvery() {
        return "every " + properties.pollInterval().toMillis() + "ms";
    }

    @ExceptionHandler(ApiProblem.class)
    String problem(ApiProblem problem, HttpServletRequest request, HttpServletResponse response, Model model) {
        model.addAttribute("visitor", SignedIn.visitor(request));
        model.addAttribute("problem", problem);
        // htmx swaps only 2xx answers by default; a refusal is content here, not a transport error
        response.setStatus(request.getHeader("HX-Request") != null ? 200 : problem.status());
        return request.getHeader("HX-Request") != null ? "fragments :: problem" : "problem";
    }
}
