package io.extauth.console;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.extauth.console.api.Api;
import io.extauth.console.api.ApiProblem;
import io.extauth.console.signin.Visitor;
import org.jspecify.annotations.Nullable;

/** The services as the controller tests need them: answers set by the test, requests remembered. */
public class FakeApi implements Api {

    public List<Order> orders = new ArrayList<>();
    public @Nullable Factor factor;
    public List<Email> emails = new ArrayList<>();
    public @Nullable Verification verification;
    public @Nullable RuntimeException refusal;
    public @Nullable ChallengeState challengeState;
    public final List<Object> requests = new ArrayList<>();
    public final List<String> loginIds = new ArrayList<>();

    public static Factor factor(String userId, String state, boolean settingsAvailable, @Nullable Instant lockedUntil) {
        return new Factor("1234", userId, state, "PHONEFACTOR", "PHONE_CALL_PIN", lockedUntil == null ? 0 : 5,
                lockedUntil, settingsAvailable, null, null, "ACTIVE", false, null);
    }

    public static ApiProblem problem(int status, String code, String detail, FieldProblem... errors) {
        return new ApiProblem(status, "https://extauth.io/problems/" + code, null, detail, List.of(errors), null, null);
    }

    private void refuseIfAsked() {
        if (refusal != null) {
            throw refusal;
        }
    }

    @Override
    public List<Order> orders(Visitor visitor, String accountId) {
        return orders;
    }

    @Override
    public String placeOrder(Visitor visitor, OrderRequest order) {
        requests.add(order);
        refuseIfAsked();
        return "order-1";
    }

    @Override
    public Factor factor(Visitor visitor, String accountId, String userId) {
        if (factor == null) {
            throw problem(404, "no-such-account-user", "No such user.");
        }
        return factor;
    }

    @Override
    public List<Email> emails(Visitor visitor, String accountId, String userId) {
        return emails;
    }

    @Override
    public Verification verifyPhone(Visitor visitor, String accountId, String userId, PhoneRequest phone) {
        requests.add(phone);
        refuseIfAsked();
        return verification;
    }

    @Override
    public Verification verification(Visitor visitor, String accountId, String userId, String verificationId) {
        return verification;
    }

    @Override
    public Factor saveSettings(Visitor visitor, String accountId, String userId, SettingsRequest settings) {
        requests.add(settings);
        refuseIfAsked();
        return factor;
    }

    @Override
    public Factor activateSymantec(Visitor visitor, String accountId, String userId, String securityCode) {
        requests.add(securityCode);
        refuseIfAsked();
        return factor;
    }

    @Override
    public Factor admin(Visitor visitor, String accountId, String userId, AdminAction action) {
        requests.add(action);
        refuseIfAsked();
        return factor;
    }

    @Override
    public IssuedChallenge challenge(Visitor visitor, String accountId, String userId, String channel,
            String loginId) {
        requests.add(channel);
        loginIds.add(loginId);
        refuseIfAsked();
        return new IssuedChallenge("ch-1", "PENDING", "PhoneFactor authentication is being attempted", "PHONEFACTOR",
                "PHONE_CALL_PIN", "+1 ***-***-0147", null);
    }

    @Override
    public ChallengeState challengeState(Visitor visitor, String challengeId) {
        return challengeState;
    }

    @Override
    public DecidedChallenge answer(Visitor visitor, String challengeId, String accountId, String userId, String code) {
        refuseIfAsked();
        return new DecidedChallenge(challengeId, "DECIDED", "SUCCEEDED", 0, 5, null);
    }
}
