package io.extauth.challenge.activation.adapter;

import io.extauth.challenge.activation.ActivationRefusal;
import io.extauth.challenge.factor.FactorChangeRules.Caller;
import io.extauth.challenge.factor.FactorChangeRules.LockedOut;
import io.extauth.challenge.factor.FactorChangeRules.ProofRequired;
import io.extauth.challenge.factor.FactorChangeRules.Verdict;
import io.extauth.challenge.factor.FactorChangeRules;
import io.extauth.challenge.factor.UserFactor;
import io.extauth.challenge.factor.adapter.FactorChangeProperties;
import io.extauth.challenge.login.adapter.PassedChallenges;
import io.extauth.challenge.refusal.Refusal.Kind;
import io.extauth.contract.FactorChange;
import io.extauth.service.security.AccountAccess;
import io.extauth.service.security.Role;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Applies {@link FactorChangeRules} to the caller of this request: an admin (of the account: {@code @ScopedAccount}
 * refused any other before) or the user through the portal, with the user's last passed challenge as proof.
 * Refuses with {@code recent-challenge-required} (403 at the web edge) or {@code locked} (423).
 */
@Component
class FactorChangeGuard {

    private final FactorChangeRules rules;
    private final PassedChallenges passed;
    private final Clock clock;
    private final FactorChangeProperties properties;

    FactorChangeGuard(FactorChangeProperties properties, PassedChallenges passed, Clock clock) {
        this.rules = properties.rules();
        this.properties = properties;
        this.passed = passed;
        this.clock = clock;
    }

    private String within() {
        long seconds = properties.proofWindow().toSeconds();
        return seconds % 60 == 0 ? seconds / 60 + " minutes" : seconds + " seconds";
    }

    /** Returns when the caller may make {@code changes} to {@code factor}; throws the problem otherwise. */
    void require(UserFactor factor, List<FactorChange> changes) {
        Caller caller = AccountAccess.callerHasRole(Role.ADMIN) ? Caller.ACCOUNT_ADMIN : Caller.USER;
        Instant now = clock.instant();
        Verdict verdict = rules.decide(factor, changes, caller,
                caller == Caller.USER ? passed.lastPassedAt(factor.accountId(), factor.userId()) : null, now);
        if (verdict instanceof ProofRequired proof) {
            String what = String.join(", ", proof.weakening().stream().map(Enum::name).toList());
            throw new ActivationRefusal(Kind.PROOF_REQUIRED, "recent-challenge-required", "This change (" + what
                    + ") weakens or moves the user's second factor, so it needs proof that the user holds it: "
                    + "challenge the user (POST /api/challenges; a suspended user saves status ACTIVE first), and "
                    + "once the challenge has SUCCEEDED save again within " + within() + ". An admin of the account "
                    + "can make the change without. Nothing was changed.", Map.of("changes", proof.weakening(),
                            "proofWindowSeconds", properties.proofWindow().toSeconds()));
        }
        if (verdict instanceof LockedOut locked) {
            Map<String, Object> details = new LinkedHashMap<>();
            if (locked.lockedUntil() != null) {
                details.put("lockedUntil", locked.lockedUntil().toString());
            }
            String why = locked.lockedUntil() == null ? "This user is blocked after a fraud report"
                    : "This user is locked after failed sign-ins";
            throw new ActivationRefusal(Kind.LOCKED, "locked", why + ": while locked only an admin of the account "
                    + "can change the two-factor settings. Nothing was changed.", details);
        }
    }
}
