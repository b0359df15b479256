package io.extauth.challenge.activation;

import io.extauth.challenge.activation.PhoneFactorSettingsRules.FieldProblem;
import java.util.Optional;

/**
 * What makes a PIN acceptable: 4 to 8 digits and not trivially guessed. Trivial means all one digit ({@code 0000},
 * {@code 777777}) or one straight run up or down ({@code 1234}, {@code 98765}); runs do not wrap around
 * ({@code 8901} is accepted). The messages never repeat the PIN.
 */
public final class PinRules {

    public static final int MIN_DIGITS = 4;
    public static final int MAX_DIGITS = 8;

    private PinRules() {
    }

    /** The problem with a PIN the user typed, or empty when it may be saved. */
    public static Optional<FieldProblem> problemWith(String pin) {
        if (!pin.matches("\\d{" + MIN_DIGITS + "," + MAX_DIGITS + "}")) {
            return Optional.of(new FieldProblem("pin", "PIN_FORMAT",
                    "A PIN is " + MIN_DIGITS + " to " + MAX_DIGITS + " digits, nothing else."));
        }
        if (steps(pin, 0)) {
            return Optional.of(new FieldProblem("pin", "PIN_TRIVIAL",
                    "This PIN repeats one digit and is easily guessed; choose digits that differ."));
        }
        if (steps(pin, 1) || steps(pin, -1)) {
            return Optional.of(new FieldProblem("pin", "PIN_TRIVIAL",
                    "This PIN is a straight run of digits (like 1234 or 9876) and is easily guessed; choose another."));
        }
        return Optional.empty();
    }

    /** Whether every digit is the previous one plus {@code step}. */
    private static boolean steps(String pin, int step) {
        for (int i = 1; i < pin.length(); i++) {
            if (pin.charAt(i) - pin.charAt(i - 1) != step) {
                return false;
            }
        }
        return true;
    }
}
