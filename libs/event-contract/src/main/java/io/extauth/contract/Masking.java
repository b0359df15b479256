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
        // the last four ASCII digits, read from the end (every challenge's answer shows one: no pattern per call)
        char[] last = new char[4];
        int found = 0;
        for (int i = e164.length() - 1; i >= 0 && found < last.length; i--) {
            char c = e164.charAt(i);
            if (c >= '0' && c <= '9') {
                last[last.length - 1 - found++] = c;
            }
        }
        return "+" + countryCode + " ***-***-" + new String(last, last.length - found, found);
    }
}
