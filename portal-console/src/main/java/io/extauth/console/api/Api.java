package io.extauth.console.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import io.extauth.console.signin.Visitor;
import org.jspecify.annotations.Nullable;

/**
 * extauth's public HTTP APIs as the console uses them, called as {@code visitor}. Every refusal is an
 * {@link ApiProblem} carrying the service's RFC 9457 problem.
 */
public interface Api {

    /** The account's orders, newest first. */
    List<Order> orders(Visitor visitor, String accountId);

    /** Places a portal order and returns its id. */
    String placeOrder(Visitor visitor, OrderRequest order);

    Factor factor(Visitor visitor, String accountId, String userId);

    /** The user's e-mails, as notification-service's mail timeline lists them. */
    List<Email> emails(Visitor visitor, String accountId, String userId);

    /** Starts the verification call to a phone; the phone is saved once the call is answered with #. */
    Verification verifyPhone(Visitor visitor, String accountId, String userId, PhoneRequest phone);

    Verification verification(Visitor visitor, String accountId, String userId, String verificationId);

    Factor saveSettings(Visitor visitor, String accountId, String userId, SettingsRequest settings);

    Factor activateSymantec(Visitor visitor, String accountId, String userId, String securityCode);

    Factor admin(Visitor visitor, String accountId, String userId, AdminAction action);

    /** {@code loginId}: this sign-in's own name, so that no other sign-in is given its open challenge. */
    IssuedChallenge challenge(Visitor visitor, String accountId, String userId, String channel, String loginId);

    ChallengeState challengeState(Visitor visitor, String challengeId);

    DecidedChallenge answer(Visitor visitor, String challengeId, String accountId, String userId, String code);

    /** What an admin may do to a user's factor at any time, and the path segment that does it. */
    enum AdminAction {
        UNLOCK("unlock"), PIN_RESET("phonefactor/pin-reset"), DEACTIVATE("deactivate");

        private final String path;

        AdminAction(String path) {
            this.path = path;
        }

        public String path() {
            return path;
        }
    }

    /** One order of the account. */
    record Order(String orderId, String accountId, String userId, String type, String status,
            @Nullable String promoCode, @Nullable BigDecimal monthlyFee, @Nullable Instant updatedAt) {
    }

    record OrderRequest(String accountId, String userId, String email, String type, @Nullable String credentialId,
            @Nullable String promoCode, boolean msaAcknowledged) {
    }

    /** A user's factor as challenge-service shows it: no number in clear, no PIN. */
    record Factor(String accountId, String userId, String state, @Nullable String type, @Nullable String method,
            int consecutiveFailures, @Nullable Instant lockedUntil, boolean phoneFactorSettingsAvailable,
            @Nullable String primaryPhoneMasked, @Nullable String secondaryPhoneMasked,
            @Nullable String settingsStatus, boolean pinSet, @Nullable Instant activationLockedUntil) {
    }

    record Email(@Nullable String orderId, @Nullable String template, @Nullable String status,
            @Nullable String toMasked, @Nullable Instant sentAt, @Nullable String failureReason) {
    }

    record PhoneRequest(String slot, String countryCode, String number, @Nullable String extension) {
    }

    record Verification(String verificationId, String slot, String status, @Nullable String phoneMasked,
            @Nullable String reason) {
    }

    record SettingsRequest(String status, @Nullable String method, @Nullable String pin) {

        @Override
        public String toString() {
            return "SettingsRequest[" + status + ", " + method + ", pin=" + (pin == null ? "none" : "******") + "]";
        }
    }

    record IssuedChallenge(String challengeId, String status, @Nullable String message, @Nullable String type,
            @Nullable String method, @Nullable String destinationMasked, @Nullable Instant expiresAt) {
    }

    /** A challenge as the service shows it; {@code accountId} and {@code userId}: whose it is. */
    record ChallengeState(String challengeId, String accountId, String userId, String channel, @Nullable String type,
            @Nullable String method, String status, @Nullable String outcome, @Nullable Instant decidedAt) {
    }

    record DecidedChallenge(String challengeId, String status, @Nullable String outcome, int consecutiveFailures,
            int remainingAttempts, @Nullable Instant lockedUntil) {
    }

    /** One input problem of an RFC 9457 problem's {@code errors} list. */
    record FieldProblem(@Nullable String field, @Nullable String code, @Nullable String message) {
    }
}
