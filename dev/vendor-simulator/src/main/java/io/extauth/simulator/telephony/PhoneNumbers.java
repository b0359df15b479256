package io.extauth.simulator.telephony;

/** E.164 numbers, optionally with an extension as in {@code +15551234567;ext=123}. */
public final class PhoneNumbers {

    public static final String E164 = "^\\+[1-9]\\d{1,14}$";
    public static final String E164_WITH_EXTENSION = "^\\+[1-9]\\d{1,14}(;ext=\\d{1,10})?$";

    private static final String EXTENSION = ";ext=";

    private PhoneNumbers() {
    }

    /**
     * Whether a number asked for in a query is the line {@code to}: a query without extension matches every extension
     * of the number. An unencoded {@code +} in a query string arrives as a space, so a leading space counts as {@code +}.
     */
    public static boolean matches(String query, String to) {
        String asked = query.startsWith(" ") ? "+" + query.substring(1) : query;
        return asked.contains(EXTENSION) ? asked.equals(to) : asked.equals(withoutExtension(to));
    }

    /**
     * The line a number rings, as the stores index calls and texts by it: without extension, and with a leading space
     * read as {@code +} as in {@link #matches}. Every number that {@code matches} a query is on the query's line.
     */
    public static String line(String number) {
        return withoutExtension(number.startsWith(" ") ? "+" + number.substring(1) : number);
    }

    private static String withoutExtension(String number) {
        int extension = number.indexOf(EXTENSION);
        return extension < 0 ? number : number.substring(0, extension);
    }
}
