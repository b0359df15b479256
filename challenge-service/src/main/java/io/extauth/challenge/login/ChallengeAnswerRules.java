package io.extauth.challenge.login;

import io.extauth.challenge.login.DecisionRules.Verdict;
import io.extauth.contract.PhoneFactorMethod;
import java.security.SecureRandom;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Whether what the user did on the phone or in the app answers a PhoneFactor challenge. Secrets are checked through
 * predicates (bcrypt lives in an adapter), so the rules see no hash.
 */
public final class ChallengeAnswerRules {

    public static final int CODE_DIGITS = 6;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** How a method reaches the user. */
    public enum Delivery { CALL, SMS, PUSH }

    private ChallengeAnswerRules() {
    }

    public static Delivery deliveryOf(PhoneFactorMethod method) {
        return switch (method) {
            case PHONE_CALL_STANDARD, PHONE_CALL_PIN -> Delivery.CALL;
            case SMS_ONE_TIME, SMS_ONE_TIME_PIN -> Delivery.SMS;
            case APP_STANDARD, APP_PIN -> Delivery.PUSH;
        };
    }

    /**
     * The verdict on what the user did about a PhoneFactor challenge: a fraud report, the right answer on the channel
     * the method uses, or wrong (also for a challenge without a method, which nothing answers).
     */
    public static Verdict verdict(@Nullable PhoneFactorMethod method, PhoneAnswer answer, Predicate<String> code,
            Predicate<String> pin) {
        if (method == null) {
            return Verdict.WRONG;
        }
        Delivery delivery = deliveryOf(method);
        if (reportsFraud(delivery, answer.kind(), answer.status(), answer.keys(), answer.reportFraud())) {
            return Verdict.FRAUD;
        }
        if (notDelivered(delivery, answer)) {
            return Verdict.NOT_DELIVERED;
        }
        boolean right = switch (delivery) {
            case CALL -> answer.kind() == PhoneAnswer.Kind.CALL && call(method, answer.status(), answer.keys(), pin);
            case SMS -> answer.kind() == PhoneAnswer.Kind.SMS && sms(method, answer.text(), code, pin);
            case PUSH -> answer.kind() == PhoneAnswer.Kind.PUSH && push(method, answer.status(), answer.pin(), pin);
        };
        return right ? Verdict.RIGHT : Verdict.WRONG;
    }

    /** An answered call: {@code #} alone, or the PIN followed by {@code #}. */
    public static boolean call(PhoneFactorMethod method, PhoneAnswer.Status status, @Nullable String keys,
            Predicate<String> pin) {
        if (status != PhoneAnswer.Status.ANSWERED || keys == null) {
            return false;
        }
        return switch (method) {
            case PHONE_CALL_STANDARD -> "#".equals(keys);
            case PHONE_CALL_PIN -> keys.length() > 1 && keys.endsWith("#")
                    && pin.test(keys.substring(0, keys.length() - 1));
            default -> false;
        };
    }

    /** An SMS reply: the one-time code, or the code followed by the PIN without spaces. */
    public static boolean sms(PhoneFactorMethod method, @Nullable String text, Predicate<String> code,
            Predicate<String> pin) {
        if (text == null) {
            return false;
        }
        String reply = text.strip();
        return switch (method) {
            case SMS_ONE_TIME -> reply.length() == CODE_DIGITS && code.test(reply);
            case SMS_ONE_TIME_PIN -> reply.length() > CODE_DIGITS && code.test(reply.substring(0, CODE_DIGITS))
                    && pin.test(reply.substring(CODE_DIGITS));
            default -> false;
        };
    }

    /** An app push: approved, with the PIN where the method asks for one. */
    public static boolean push(PhoneFactorMethod method, PhoneAnswer.Status status, @Nullable String enteredPin,
            Predicate<String> pin) {
        if (status != PhoneAnswer.Status.APPROVED) {
            return false;
        }
        return switch (method) {
            case APP_STANDARD -> true;
            case APP_PIN -> enteredPin != null && pin.test(enteredPin);
            default -> false;
        };
    }

    /**
     * The user reports the attempt as fraud: {@code 0#} on an answered call (a PIN is at least 4 digits, so this is
     * never a PIN), or "deny and report" on an app push. An SMS offers no way to report.
     */
    public static boolean reportsFraud(Delivery delivery, PhoneAnswer.Kind kind, PhoneAnswer.Status status,
            @Nullable String keys,
            boolean reportFraud) {
        return switch (delivery) {
            case CALL -> kind == PhoneAnswer.Kind.CALL && status == PhoneAnswer.Status.ANSWERED && "0#".equals(keys);
            case PUSH -> kind == PhoneAnswer.Kind.PUSH && status == PhoneAnswer.Status.DENIED && reportFraud;
            case SMS -> false;
        };
    }

    /**
     * The vendor reports the contact the challenge used as lost ({@code FAILED}: an outage cut the call, lost the text
     * or the push): nobody answered wrong, the challenge was not delivered.
     */
    public static boolean notDelivered(Delivery delivery, PhoneAnswer answer) {
        PhoneAnswer.Kind used = switch (delivery) {
            case CALL -> PhoneAnswer.Kind.CALL;
            case SMS -> PhoneAnswer.Kind.SMS;
            case PUSH -> PhoneAnswer.Kind.PUSH;
        };
        return answer.status() == PhoneAnswer.Status.FAILED && answer.kind() == used;
    }

    /** A fresh one-time code for an SMS challenge. */
    public static String newCode() {
        return String.format("%0" + CODE_DIGITS + "d", RANDOM.nextInt(1_000_000));
    }
}
