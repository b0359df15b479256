package io.extauth.challenge.activation;

import io.extauth.contract.PhoneFactorMethod;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * PhoneFactor settings are saved only with a verified primary phone, one of the six methods, and a PIN of 4 to 8
 * digits (not trivial, see {@link PinRules}) exactly when the method needs one. A PIN method may leave the PIN out
 * when one is on file already (switching between PIN methods, or an admin setting status INACTIVE, keeps it); after
 * an admin's PIN reset there is none, so a new one is required. Every problem is reported at once.
 */
public final class PhoneFactorSettingsRules {

    /** One problem with one field, with a stable code and what to do about it. */
    public record FieldProblem(String field, String code, String message) {
    }

    /** The settings the user asked for, once they pass the rules. */
    public record Settings(boolean active, PhoneFactorMethod method, @Nullable String pin) {

        @Override
        public String toString() {
            return "Settings[active=" + active + ", method=" + method + ", pin=" + (pin == null ? "none" : "******")
                    + "]";
        }
    }

    private PhoneFactorSettingsRules() {
    }

    /** The problems with the request; empty when {@link #settings} may be called. */
    public static List<FieldProblem> check(@Nullable String status, @Nullable String method, @Nullable String pin,
            boolean primaryPhoneVerified, boolean pinOnFile) {
        List<FieldProblem> problems = new ArrayList<>();
        if (!"ACTIVE".equals(status) && !"INACTIVE".equals(status)) {
            problems.add(new FieldProblem("status", "INVALID_STATUS", "status must be ACTIVE or INACTIVE."));
        }
        PhoneFactorMethod chosen = parse(method);
        if (chosen == null) {
            problems.add(new FieldProblem("method", "UNKNOWN_METHOD",
                    "method must be one of " + Arrays.toString(PhoneFactorMethod.values()) + "."));
        } else if (chosen.needsPin()) {
            if (pin == null || pin.isEmpty()) {
                if (!pinOnFile) {
                    problems.add(new FieldProblem("pin", "PIN_REQUIRED", chosen + " needs a PIN of 4 to 8 digits."));
                }
            } else {
                PinRules.problemWith(pin).ifPresent(problems::add);
            }
        } else if (pin != null && !pin.isEmpty()) {
            problems.add(new FieldProblem("pin", "PIN_NOT_ALLOWED",
                    chosen + " does not use a PIN; leave pin out or choose a method with PIN."));
        }
        if (!primaryPhoneVerified) {
            problems.add(new FieldProblem("primaryPhone", "PRIMARY_PHONE_NOT_VERIFIED",
                    "Verify a primary phone first: add it with slot PRIMARY and answer the verification call with #."));
        }
        return problems;
    }

    /** The settings of a request {@link #check} found nothing wrong with. */
    public static Settings settings(String status, String method, @Nullable String pin) {
        PhoneFactorMethod chosen = PhoneFactorMethod.valueOf(method);
        return new Settings("ACTIVE".equals(status), chosen, chosen.needsPin() && pin != null && !pin.isEmpty()
                ? pin : null);
    }

    private static @Nullable PhoneFactorMethod parse(@Nullable String method) {
        if (method == null) {
            return null;
        }
        try {
            return PhoneFactorMethod.valueOf(method);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
