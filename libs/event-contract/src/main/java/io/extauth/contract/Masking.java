package io.extauth.contract;

/** How contacts appear on topics, in logs and in e-mails to others: masked as the contract shows. */
public final class Masking {

    private Masking() {
    }

    /** {@code jane@example.com} becomes {@code j***@example.com}. */
    public static String email(String email) {
        int at = email.indexOf('@');
        if (at <= 0) {
            return "***";
        }
        return email.charAt(0) + "***" + email.substring(at);
    }

    /** An E.164 number such as {@code +15551231234} becomes {@code +1 ***-***-1234}. */
    public static String phone(String countryCode, String e164) {
        String digits = e164.replaceAll("\\D", "");
        String last = digits.length() <= 4 ? digits : digits.substring(digits.length() - 4);
        return "+" + countryCode + " ***-***-" + last;
    }
}
