package io.extauth.challenge.login;

import io.extauth.challenge.factor.Secrets;
import io.extauth.challenge.factor.UserFactor;
import io.extauth.challenge.factor.UserFactors;
import io.extauth.challenge.login.ChallengeDecisions.Decided;
import io.extauth.challenge.login.ChallengeDecisions.Verdict;
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
            @Nullable String pin) {

        @Override
        public String toString() {
            return "PhoneAnswer[" + kind + ", " + status + "]";
        }
    }

    private final Challenges challenges;
    private final ChallengeDecisions decisions;
    private final UserFactors factors;
    private final Secrets secrets;
    private final VipCodes vip;

    ChallengeAnswers(Challenges challenges, ChallengeDecisions decisions, UserFactors factors, Secrets secrets,
            VipCodes vip) {
        this.challenges = challenges;
        this.decisions = decisions;
        this.factors = factors;
        this.secrets = secrets;
        this.vip = vip;
    }

    public Optional<Challenge> find(UUID id) {
        return challenges.find(id);
    }

    /** Decides the challenge by a callback; empty when no such challenge exists. */
    public Optional<Decided> fromPhone(UUID challengeId, PhoneAnswer answer) {
        Optional<Challenge> found = challenges.find(challengeId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Challenge challenge = found.get();
        if (challenge.status() != ChallengeStatus.PENDING || challenge.method() == null) {
            return decisions.decide(challengeId, Verdict.WRONG);
        }
        PhoneFactorMethod method = challenge.method();
        UserFactor factor = factors.find(challenge.accountId(), challenge.userId()).orElse(null);
        String pinHash = factor == null ? null : factor.pinHash();
        Predicate<String> pin = entered -> pinHash != null && secrets.matches(entered, pinHash);
        Predicate<String> code = entered -> challenge.codeHash() != null
                && secrets.matches(entered, challenge.codeHash());
        boolean right = switch (ChallengeAnswerRules.deliveryOf(method)) {
            case CALL -> "CALL".equals(answer.kind())
                    && ChallengeAnswerRules.call(method, answer.status(), answer.keys(), pin);
            case SMS -> "SMS".equals(answer.kind()) && ChallengeAnswerRules.sms(method, answer.text(), code, pin);
            case PUSH -> "PUSH".equals(answer.kind())
                    && ChallengeAnswerRules.push(method, answer.status(), answer.pin(), pin);
        };
        return decisions.decide(challengeId, right ? Verdict.RIGHT : Verdict.WRONG);
    }

    /** Decides a Symantec challenge by the security code typed into the portal; VIP judges the code. */
    public Decided fromSecurityCode(Challenge challenge, String code) {
        if (challenge.type() != AuthType.SYMANTEC_VIP) {
            throw Problems.conflict("answered-on-phone", "This challenge is answered on the phone or in the app, "
                    + "not with a code in the portal.");
        }
        if (challenge.status() != ChallengeStatus.PENDING) {
            throw Problems.conflict("already-decided", "This challenge was decided already: " + challenge.status()
                    + ". Ask for a new challenge.");
        }
        String credentialId = factors.find(challenge.accountId(), challenge.userId()).map(UserFactor::credentialId)
                .orElse(null);
        boolean right = credentialId != null && vip.validate(credentialId, code).valid();
        return decisions.decide(challenge.id(), right ? Verdict.RIGHT : Verdict.WRONG).orElseThrow();
    }
}
