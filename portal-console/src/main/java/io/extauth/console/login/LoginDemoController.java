package io.extauth.console.login;

import io.extauth.console.api.Api;
import io.extauth.console.api.ApiProblem;
import io.extauth.console.signin.Access;
import io.extauth.console.signin.Visitor;
import io.extauth.console.users.UserPages;
import jakarta.servlet.http.HttpSession;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * The login demo: what a portal or a VPN gateway does at sign-in. It asks for a challenge and polls it until it is
 * decided (a portal may read {@code auth.challenge-result} instead); a locked user gets 423 with {@code lockedUntil}.
 */
@Controller
class LoginDemoController {

    private static final String SIGN_IN_KEY = LoginDemoController.class.getName() + ".signIn";

    private final Api api;

    LoginDemoController(Api api) {
        this.api = api;
    }

    @GetMapping("/users/{userId}/login")
    String page(@ModelAttribute("visitor") Visitor visitor, @PathVariable String userId, Model model) {
        Access.requireMayActOn(visitor, userId);
        requireTheUser(visitor);
        UserPages.withFactor(model, api, visitor, userId);
        return "login";
    }

    @PostMapping("/users/{userId}/login")
    String start(@ModelAttribute("visitor") Visitor visitor, @PathVariable String userId,
            @RequestParam(defaultValue = "PORTAL") String channel, HttpSession session, Model model) {
        Access.requireMayActOn(visitor, userId);
        requireTheUser(visitor);
        model.addAttribute("userId", userId);
        try {
            Api.IssuedChallenge issued = api.challenge(visitor, visitor.accountId(), userId, channel,
                    signInOf(session));
            model.addAttribute("challengeId", issued.challengeId());
            model.addAttribute("channel", channel);
            model.addAttribute("message", issued.message());
            model.addAttribute("destination", issued.destinationMasked());
            model.addAttribute("symantec", "SYMANTEC_VIP".equals(issued.type()));
            return "login-fragments :: pending";
        } catch (ApiProblem problem) {
            return refused(problem, model);
        }
    }

    @GetMapping("/users/{userId}/login/{challengeId}")
    String state(@ModelAttribute("visitor") Visitor visitor, @PathVariable String userId,
            @PathVariable String challengeId, Model model) {
        Access.requireMayActOn(visitor, userId);
        requireTheUser(visitor);
        Api.ChallengeState state = api.challengeState(visitor, challengeId);
        if (!state.accountId().equals(visitor.accountId()) || !state.userId().equals(userId)) {
            // the service shows a PORTAL caller every account's challenges: this screen shows only the user's own
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        model.addAttribute("userId", userId);
        if (state.outcome() == null) {
            model.addAttribute("challengeId", challengeId);
            model.addAttribute("channel", state.channel());
            model.addAttribute("symantec", "SYMANTEC_VIP".equals(state.type()));
            return "login-fragments :: pending";
        }
        model.addAttribute("verdict", Verdict.of(state.outcome(), api.factor(visitor, visitor.accountId(), userId)));
        return "login-fragments :: decided";
    }

    @PostMapping("/users/{userId}/login/{challengeId}/code")
    String code(@ModelAttribute("visitor") Visitor visitor, @PathVariable String userId,
            @PathVariable String challengeId, @RequestParam(defaultValue = "") String code, Model model) {
        Access.requireMayActOn(visitor, userId);
        requireTheUser(visitor);
        model.addAttribute("userId", userId);
        try {
            Api.DecidedChallenge decided = api.answer(visitor, challengeId, visitor.accountId(), userId, code.strip());
            model.addAttribute("verdict", Verdict.of(String.valueOf(decided.outcome()),
                    api.factor(visitor, visitor.accountId(), userId)));
            return "login-fragments :: decided";
        } catch (ApiProblem problem) {
            return refused(problem, model);
        }
    }

    /**
     * This browser's sign-in, as the challenge service is told it: a random id kept in the console's session, never the
     * session's own id. Asking again from this browser gets the open challenge back; a sign-in from elsewhere is
     * refused it (409 {@code challenge-in-progress}) until it ends.
     */
    private static String signInOf(HttpSession session) {
        Object kept = session.getAttribute(SIGN_IN_KEY);
        if (kept instanceof String signIn) {
            return signIn;
        }
        String signIn = "console-" + UUID.randomUUID();
        session.setAttribute(SIGN_IN_KEY, signIn);
        return signIn;
    }

    /** A sign-in is the user's own: the contract refuses an admin's token a challenge (403). */
    private static void requireTheUser(Visitor visitor) {
        if (visitor.admin()) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN,
                    "A sign-in is the user's own: sign in to the console as the user to try one.");
        }
    }

    private static String refused(ApiProblem problem, Model model) {
        if (problem.status() == 423) {
            model.addAttribute("verdict", Verdict.lockedOut(problem.lockedUntil()));
            return "login-fragments :: decided";
        }
        if (problem.status() == 429 && problem.retryAfterSeconds() != null) {
            long minutes = Math.max(1, (problem.retryAfterSeconds() + 59) / 60);
            model.addAttribute("verdict", new Verdict("warn", "Too many sign-in attempts",
                    "Try again in " + minutes + (minutes == 1 ? " minute." : " minutes.")));
            return "login-fragments :: decided";
        }
        if ("challenge-in-progress".equals(problem.code())) {
            // this browser's sign-in came second: the one waiting for an answer may be someone else's
            model.addAttribute("verdict", new Verdict("warn", "Another sign-in is waiting for its answer",
                    "Someone else may be signing in as you. If your phone rings or the app asks now, and it was not "
                    + "you, deny it and report it as fraud. Otherwise try again when it has ended."));
            return "login-fragments :: decided";
        }
        model.addAttribute("verdict", new Verdict("bad", "Not signed in", problem.detail()));
        return "login-fragments :: decided";
    }
}
