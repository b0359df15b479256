package io.extauth.challenge.login;

import io.extauth.challenge.factor.Secrets;
import io.extauth.challenge.login.ChallengeAnswerRules.Delivery;
import io.extauth.challenge.login.ChallengeDecisions.Outcome;
import io.extauth.challenge.login.DecisionRules.Verdict;
import io.extauth.challenge.vip.VipCodes;
import io.extauth.challenge.web.Problems;
import io.extauth.contract.AuthType;
import io.extauth.contract.PhoneFactorMethod;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** Turns what the user did (on the phone, in the app, in the portal) into a verdict and has it decided. */
@Component
public class ChallengeAnswers {

    /** What the telephony gateway reported, as its callback says. */
    public record PhoneAnswer(String kind, String status, @Nullable String keys, @Nullable String text,
            @Nullable String pin, boolean reportFraud) {

        @Override
        public String toString() {
            return "PhoneAnswer[" + kind + ", " + status + ", reportFraud=" + reportFraud + "]";
        }
    }

    private final Challenges challenges;
    private final ChallengeDecisions decisions;
    private final Secrets secrets;
    private final VipCodes vip;

    ChallengeAnswers(Challenges challenges, ChallengeDecisions decisions, Secrets secrets, VipCodes vip) {
        this.challenges = challenges;
        this.decisions = decisions;
        this.secrets = secrets;
        this.vip = vip;
    }

    public Optional<Challenge> find(UUID id) {
        return challenges.find(id);
    }

    /** Decides the challenge by a callback; empty when no such challenge exists. */
    public Optional<Outcome> fromPhone(UUID challengeId, PhoneAnswer answer) {
        return decisions.decide(challengeId, (challenge, factor) -> {
            PhoneFactorMethod method = challenge.method();
            if (method == null) {
                return Verdict.WRONG;
            }
            Delivery delivery = ChallengeAnswerRules.deliveryOf(method);
            if (ChallengeAnswerRules.reportsFraud(delivery, answer.kind(), answer.status(), answer.keys(),
                    answer.reportFraud())) {
                return Verdict.FRAUD;
            }
            String pinHash = factor.pinHash();
            Predicate<String> pin = entered -> pinHash != null && secrets.matches(entered, pinHash);
            String codeHash = challenge.codeHash();
            Predicate<String> code = entered -> codeHash != null && secrets.matches(entered, codeHash);
            boolean right = switch (delivery) {
                case CALL -> "CALL".equals(answer.kind())
                        && ChallengeAnswerRules.call(method, answer.status(), answer.keys(), pin);
                case SMS -> "SMS".equals(answer.kind()) && ChallengeAnswerRules.sms(method, answer.text(), code, pin);
                case PUSH -> "PUSH".equals(answer.kind())
                        && ChallengeAnswerRules.push(method, answer.status(), answer.pin(), pin);
            };
            return right ? Verdict.RIGHT : Verdict.WRONG;
        });
    }

    /**
     * Decides a Symantec challenge by the security code typed into the portal; VIP judges the code, under the user's
     * row lock, and only while the user is not locked.
     */
    public Outcome fromSecurityCode(Challenge challenge, String code) {
        if (challenge.type() != AuthType.SYMANTEC_VIP) {
            throw Problems.conflict("answered-on-phone", "This challenge is answered on the phone or in the app, "
                    + "not with a code in the portal.");
        }
        Outcome outcome = decisions.decide(challenge.id(), (pending, factor) -> factor.credentialId() != null
                && vip.validate(factor.credentialId(), code).valid() ? Verdict.RIGHT : Verdict.WRONG).orElseThrow();
        if (!outcome.decidedNow()) {
            throw Problems.conflict("already-decided", "This challenge was decided already: "
                    + outcome.challenge().status() + ". Ask for a new challenge.");
        }
        return outcome;
    }
}
