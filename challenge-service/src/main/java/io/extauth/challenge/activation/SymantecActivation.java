package io.extauth.challenge.activation;

import io.extauth.challenge.activation.PhoneFactorSettingsRules.FieldProblem;
import io.extauth.challenge.factor.FactorGuards;
import io.extauth.challenge.factor.FactorLifecycle;
import io.extauth.challenge.factor.FactorView;
import io.extauth.challenge.factor.UserFactor;
import io.extauth.challenge.factor.UserFactors;
import io.extauth.challenge.vip.VipCodes;
import io.extauth.challenge.web.Problems;
import io.extauth.contract.AuthType;
import io.extauth.contract.Topics;
import io.extauth.contract.events.Activated;
import io.extauth.lifecycle.LifecycleState;
import io.extauth.lifecycle.LifecycleTrigger;
import io.extauth.messaging.outbox.Outbox;
import io.github.springwolf.core.asyncapi.annotations.AsyncOperation;
import io.github.springwolf.core.asyncapi.annotations.AsyncPublisher;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Symantec VIP activation: the security code the credential shows now proves the user holds it. A wrong code is
 * counted in {@code activation_failures}; locking after five of them is not done yet (a later issue).
 */
@Component
public class SymantecActivation {

    private final UserFactors factors;
    private final FactorLifecycle lifecycle;
    private final VipCodes vip;
    private final Outbox outbox;
    private final TransactionTemplate transactions;
    private final Clock clock;

    SymantecActivation(UserFactors factors, FactorLifecycle lifecycle, VipCodes vip, Outbox outbox,
            TransactionTemplate transactions, Clock clock) {
        this.factors = factors;
        this.lifecycle = lifecycle;
        this.vip = vip;
        this.outbox = outbox;
        this.transactions = transactions;
        this.clock = clock;
    }

    @AsyncPublisher(operation = @AsyncOperation(channelName = Topics.AUTH_ACTIVATED, payloadType = Activated.class,
            description = "The user's factor is active"))
    public FactorView activate(String accountId, String userId, @Nullable String securityCode, String caller) {
        UserFactor factor = factors.find(accountId, userId).orElseGet(() -> UserFactor.none(accountId, userId));
        FactorGuards.requireProvisioned(factor, AuthType.SYMANTEC_VIP);
        if (factor.state() != LifecycleState.PROVISIONED) {
            throw Problems.conflict("already-active", "Symantec VIP is already activated for this user.");
        }
        if (securityCode == null || !securityCode.strip().matches("\\d{6}")) {
            throw PhoneFactorActivation.invalid("invalid-security-code", "The security code is missing or malformed.",
                    List.of(new FieldProblem("securityCode", "FORMAT",
                            "Enter the 6-digit security code your Symantec VIP credential shows now.")));
        }
        String credentialId = Objects.requireNonNull(factor.credentialId(), "a provisioned VIP user has a credential");
        VipCodes.Verdict verdict = vip.validate(credentialId, securityCode.strip());
        if (!verdict.valid()) {
            transactions.executeWithoutResult(tx -> {
                UserFactor locked = factors.lock(accountId, userId);
                factors.save(locked.withActivationFailures(locked.activationFailures() + 1), clock.instant());
            });
            String detail = "CODE_ALREADY_USED".equals(verdict.reason())
                    ? "This security code was used already. Wait until the credential shows a new code and enter that."
                    : "The security code is not the one currently shown on the Symantec VIP credential. Enter the "
                            + "code the credential shows now; if it changes while you type, use the new one.";
            throw PhoneFactorActivation.invalid("wrong-security-code", detail,
                    List.of(new FieldProblem("securityCode", verdict.reason(), detail)));
        }
        UserFactor saved = transactions.execute(tx -> {
            UserFactor locked = factors.lock(accountId, userId);
            Instant now = clock.instant();
            UserFactor active = lifecycle.fire(locked.withActivationFailures(0), LifecycleTrigger.ACTIVATE,
                    "Symantec VIP security code accepted, activated by " + caller)
                    .orElseThrow(() -> Problems.conflict("not-activatable", "This user cannot be activated now."));
            outbox.publish(new Activated(accountId, userId, AuthType.SYMANTEC_VIP, null, now, caller));
            return factors.save(active, now);
        });
        return FactorView.of(Objects.requireNonNull(saved));
    }
}
