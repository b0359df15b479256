package io.extauth.challenge.activation;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import io.extauth.challenge.activation.PhoneFactorSettingsRules.FieldProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Turns what a user types (country calling code, national number, extension) into one E.164 number, and says whether
 * it may be called at all: a number no numbering plan assigns, or of a type that costs money per minute or reaches a
 * service rather than a person (premium rate, shared cost, ...), is refused before any call is placed. The
 * verification call stays the proof that the number is the user's.
 */
public final class PhoneNumberRules {

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    private PhoneNumberRules() {
    }

    /** The outcome: a normalised number, or every problem with the input. */
    public sealed interface Result permits Valid, Invalid {
    }

    /** {@code e164} such as {@code +15551234567}; {@code countryCode} without {@code +}. */
    public record Valid(String e164, String countryCode, @Nullable String extension) implements Result {

        @Override
        public String toString() {
            return "Valid[" + io.extauth.contract.Masking.phone(countryCode, e164) + "]";
        }
    }

    public record Invalid(List<FieldProblem> problems) implements Result {
    }

    public static Result normalise(@Nullable String countryCode, @Nullable String number, @Nullable String extension) {
        List<FieldProblem> problems = new ArrayList<>();
        String code = countryCode == null ? "" : countryCode.trim().replaceFirst("^\\+", "");
        int callingCode = code.matches("\\d{1,3}") ? Integer.parseInt(code) : -1;
        if (!PHONES.getSupportedCallingCodes().contains(callingCode)) {
            problems.add(new FieldProblem("countryCode", "UNKNOWN_COUNTRY_CODE",
                    "Enter the country calling code as 1 to 3 digits, e.g. 1 for the US and Canada or 44 for the UK."));
        }
        String digits = number == null ? "" : number.replaceAll("[\\s().\\-]", "");
        if (!digits.matches("\\d{2,17}")) {
            problems.add(new FieldProblem("number", "NOT_A_NUMBER",
                    "Enter the phone number as digits (spaces, dashes and brackets are fine), without the country code."));
        }
        String ext = extension == null || extension.isBlank() ? null : extension.trim();
        if (ext != null && !ext.matches("\\d{1,10}")) {
            problems.add(new FieldProblem("extension", "NOT_AN_EXTENSION", "An extension is 1 to 10 digits."));
        }
        if (!problems.isEmpty()) {
            return new Invalid(problems);
        }
        PhoneNumber parsed;
        try {
            parsed = PHONES.parse("+" + callingCode + digits, "ZZ");
        } catch (NumberParseException e) {
            return new Invalid(List.of(new FieldProblem("number", "NOT_A_NUMBER",
                    "This is not a phone number of country code " + callingCode + ".")));
        }
        PhoneNumberUtil.ValidationResult possible = PHONES.isPossibleNumberWithReason(parsed);
        if (possible != PhoneNumberUtil.ValidationResult.IS_POSSIBLE) {
            return new Invalid(List.of(new FieldProblem("number", "WRONG_LENGTH", switch (possible) {
                case TOO_SHORT -> "The number is too short for country code " + callingCode + ".";
                case TOO_LONG -> "The number is too long for country code " + callingCode + ".";
                case INVALID_COUNTRY_CODE -> "Country code " + callingCode + " is not in use.";
                default -> "The number does not have a length used by country code " + callingCode
                        + "; enter it with its area code.";
            })));
        }
        return new Valid(PHONES.format(parsed, PhoneNumberUtil.PhoneNumberFormat.E164), String.valueOf(callingCode),
                ext);
    }

    /** Why a normalised number may not be called, if it may not. */
    public enum Risk { UNASSIGNED, HIGH_RISK_TYPE, REGION_NOT_ALLOWED }

    /** A number that may not be called: why, and the field problem to answer with. */
    public record Refused(Risk risk, FieldProblem problem) {
    }

    /**
     * Whether this number may be called. Numbers that no numbering plan assigns are refused unless they start with one
     * of {@code testPrefixes} (E.164, e.g. {@code +1555} for a simulator); numbers of a {@code refusedTypes} type are
     * refused always; with {@code allowedRegions} (ISO 3166 codes, as libphonenumber names a number's region) not
     * empty, so is a number of any other region, against calls to countries whose carriers share their termination
     * fees with fraudsters (international revenue share fraud). A number of a test prefix has no region to check.
     */
    public static Optional<Refused> refusal(Valid number, Set<PhoneNumberUtil.PhoneNumberType> refusedTypes,
            List<String> testPrefixes, Set<String> allowedRegions) {
        PhoneNumber parsed;
        try {
            parsed = PHONES.parse(number.e164(), "ZZ");
        } catch (NumberParseException e) {
            return Optional.of(unassigned(number));
        }
        if (!PHONES.isValidNumber(parsed)) {
            return testPrefixes.stream().anyMatch(prefix -> !prefix.isBlank() && number.e164().startsWith(prefix))
                    ? Optional.empty() : Optional.of(unassigned(number));
        }
        PhoneNumberUtil.PhoneNumberType type = PHONES.getNumberType(parsed);
        if (refusedTypes.contains(type)) {
            return Optional.of(new Refused(Risk.HIGH_RISK_TYPE, new FieldProblem("number", "HIGH_RISK_NUMBER",
                    "This is a " + type.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " number: calls to it "
                            + "cost money or reach a service, not a person, so it cannot be verified. Use a mobile or "
                            + "landline number.")));
        }
        String region = PHONES.getRegionCodeForNumber(parsed);
        if (!allowedRegions.isEmpty() && (region == null || !allowedRegions.contains(region))) {
            return Optional.of(new Refused(Risk.REGION_NOT_ALLOWED, new FieldProblem("number", "REGION_NOT_ALLOWED",
                    "Numbers of " + (region == null ? "country code " + number.countryCode() : region)
                            + " cannot be verified here. Use a number of " + String.join(", ",
                                    new java.util.TreeSet<>(allowedRegions)) + ".")));
        }
        return Optional.empty();
    }

    private static Refused unassigned(Valid number) {
        return new Refused(Risk.UNASSIGNED, new FieldProblem("number", "UNASSIGNED_NUMBER", "No numbering plan of "
                + "country code " + number.countryCode() + " assigns this number; check the area code and the "
                + "number."));
    }
}
