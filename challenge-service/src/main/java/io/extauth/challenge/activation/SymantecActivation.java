package io.extauth.challenge.activation;

import io.extauth.challenge.activation.PhoneFactorSettingsRules.FieldProblem;
import io.extauth.challenge.factor.FactorGuards;
import io.extauth.challenge.factor.FactorLifecycle;
import io.extauth.challenge.factor.FactorView;
import io.extauth.challenge.factor.UserFactor;
import io.extauth.challenge.factor.UserFactors;
import io.extauth.challenge.lockout.LockoutProperties;
import io.extauth.challenge.lockout.StrikeRules;
import io.extauth.challenge.vip.VipCodes;
import io.extauth.challenge.web.Problems;
import io.extauth.contract.AuthType;
import io.extauth.contract.Topics;
import io.extauth.contract.events.Activated;
import io.extauth.lifecycle.LifecycleState;
import io.extauth.lifecycle.LifecycleTrigger;
import io.extauth.messaging.outbox.Outbox;
import io.extauth.service.problem.ProblemsAdvice.FieldError;
import io.github.springwolf.core.asyncapi.annotations.AsyncOperation;
import io.github.springwolf.core.asyncapi.annotations.AsyncPublisher;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Symantec VIP activation: the security code the credential shows now proves the user holds it (VIP accepts one step
 * of drift either way and each code once). Wrong codes are limited like challenges, by the same {@link StrikeRules}:
 * the fifth in a row locks activation for the lockout duration ({@code 423} naming when it ends); a right code resets
 * the count. A malformed code (not 6 digits) is a typo caught before VIP and is not counted.
 */
@Component
public class SymantecActivation {

    private final UserFactors factors;
    private final FactorLifecycle lifecycle;
    private final VipCodes vip;
    private final Outbox outbox;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final StrikeRules strikes;

    SymantecActivation(UserFactors factors, FactorLifecycle lifecycle, VipCodes vip, Outbox outbox,
            TransactionTemplate transactions, Clock clock, LockoutProperties lockout) {
        this.factors = factors;
        this.lifecycle = lifecycle;
        this.vip = vip;
        this.outbox = outbox;
        this.transactions = transactions;
        this.clock = clock;
        this.strikes = lockout.rules();
    }

    @AsyncPublisher(operation = @AsyncOperation(channelName = Topics.AUTH_ACTIVATED, payloadType = Activated.class,
            description = "The user's factor is active"))
    public FactorView activate(String accountId, String userId, @Nullable String securityCode, String caller) {
        UserFactor factor = factors.find(accountId, userId).orElseGet(() -> UserFactor.none(accountId, userId));
        FactorGuards.requireProvisioned(factor, AuthType.SYMANTEC_VIP);
        if (factor.state() != LifecycleState.PROVISIONED) {
            throw Problems.conflict("already-active", "Symantec VIP is already activated for this user.");
        }
        Instant until = factor.activationLockedUntil();
        if (until != null && clock.instant().isBefore(until)) {
            throw locked(until, "Activation is locked after " + strikes.maxFailures()
                    + " wrong security codes in a row.");
        }
        if (securityCode == null || !securityCode.strip().matches("\\d{6}")) {
            throw PhoneFactorActivation.invalid("invalid-security-code", "The security code is missing or malformed.",
                    List.of(new FieldProblem("securityCode", "FORMAT",
                            "Enter the 6-digit security code your Symantec VIP credential shows now.")));
        }
        String credentialId = Objects.requireNonNull(factor.credentialId(), "a provisioned VIP user has a credential");
        VipCodes.Verdict verdict = vip.validate(credentialId, securityCode.strip());
        if (!verdict.valid()) {
            throw wrongCode(accountId, userId, verdict.reason());
        }
        UserFactor saved = transactions.execute(tx -> {
            UserFactor locked = factors.lock(accountId, userId);
            Instant now = clock.instant();
            UserFactor active = lifecycle.fire(locked.withActivationFailures(0, null), LifecycleTrigger.ACTIVATE,
                    "Symantec VIP security code accepted, activated by " + caller)
                    .orElseThrow(() -> Problems.conflict("not-activatable", "This user cannot be activated now."));
            outbox.publish(new Activated(accountId, userId, AuthType.SYMANTEC_VIP, null, now, caller));
            return factors.save(active, now);
        });
        return FactorView.of(Objects.requireNonNull(saved));
    }

    /** Counts the wrong code (a lock that has run out starts the count afresh) and says what to do. */
    private RuntimeException wrongCode(String accountId, String userId, String reason) {
        StrikeRules.Decision decision = Objects.requireNonNull(transactions.execute(tx -> {
            UserFactor locked = factors.lock(accountId, userId);
            Instant now = clock.instant();
            Instant until = locked.activationLockedUntil();
            int before = until != null && !now.isBefore(until) ? 0 : locked.activationFailures();
            StrikeRules.Decision counted = strikes.failure(before, false, now);
            factors.save(locked.withActivationFailures(counted.consecutiveFailures(), counted.lockedUntil()), now);
            return counted;
        }));
        String detail = "CODE_ALREADY_USED".equals(reason)
                ? "This security code was used already. Wait until the credential shows a new code and enter that."
                : "The security code is not the one currently shown on the Symantec VIP credential. Enter the "
                        + "code the credential shows now; if it changes while you type, use the new one.";
        if (decision.locks() && decision.lockedUntil() != null) {
            return locked(decision.lockedUntil(), "The security code was wrong again: " + decision.consecutiveFailures()
                    + " wrong codes in a row.");
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("errors", List.of(new FieldError("securityCode", reason, detail)));
        properties.put("remainingAttempts", decision.remainingAttempts());
        return Problems.problem(HttpStatus.UNPROCESSABLE_ENTITY, "wrong-security-code",
                detail + " " + decision.remainingAttempts() + " attempt(s) left before activation is locked.",
                properties);
    }

    private static RuntimeException locked(Instant until, String why) {
        return Problems.problem(HttpStatus.LOCKED, "activation-locked", why + " Symantec VIP activation is locked "
                + "until " + until + "; try again after that with the code the credential shows then.",
                Map.of("lockedUntil", until.toString(), "remainingAttempts", 0));
    }
}
