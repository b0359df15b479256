package io.extauth.provisioning.adapter.vendor;

import io.extauth.contract.Masking;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What is kept of a vendor's own words (its refusal's {@code code} and {@code detail}): they become
 * {@code ProvisioningFailed.reason}, the order's {@code lastError} (which portal and admin callers read), a WARN log
 * line and the audit, where they were copied whole. So they are kept on one line (a vendor's CR/LF forged log lines),
 * with every address in them masked as the contract masks them ({@code j***@example.com}: a vendor echoes the
 * user's), and at most {@link #MAX} characters, the last an ellipsis (an answer may be 64 KiB).
 */
final class VendorWords {

    /** Characters kept at most, the ellipsis included. */
    static final int MAX = 500;

    private static final String ELLIPSIS = "…";

    /**
     * Anything shaped like an address: no bracket, quote, space or separator around the {@code @}; as
     * notification-service's {@code SmtpFailures} finds them in an SMTP server's words.
     */
    private static final Pattern ADDRESS = Pattern.compile("[^\\s<>\"'(),;:\\[\\]]+@[^\\s<>\"'(),;:\\[\\]]+");

    private VendorWords() {
    }

    /**
     * The words as kept. Cut to twice the bound before the addresses are looked for (a masked address is shorter or
     * a little longer): the pattern's work grows with the square of an unbroken run of text, seconds for a 64 KiB
     * answer without a space. That cut drops the word it would split, so no part of an address is left unmasked.
     */
    static String kept(String words) {
        String oneLine = withoutControlCharacters(words);
        String masked = withoutAddresses(wholeWords(oneLine, 2 * MAX));
        return masked.length() <= MAX && oneLine.length() <= 2 * MAX ? masked : cut(masked, MAX - 1) + ELLIPSIS;
    }

    private static String withoutAddresses(String text) {
        return ADDRESS.matcher(text).replaceAll(found -> Matcher.quoteReplacement(Masking.email(found.group())));
    }

    /**
     * Every control character (a line break, an escape, a NUL), line or paragraph separator (U+2028, U+2029: line
     * breaks to many readers) and format character (a bidirectional override) as a space.
     */
    private static String withoutControlCharacters(String text) {
        StringBuilder kept = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            int type = Character.getType(c);
            boolean breaks = Character.isISOControl(c) || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR || type == Character.FORMAT;
            kept.appendCodePoint(breaks ? ' ' : c);
        });
        return kept.toString();
    }

    /** At most {@code length} characters; when that cuts, without the word it would cut (nothing of a split address). */
    private static String wholeWords(String text, int length) {
        String head = cut(text, length);
        if (head.length() == text.length() || Character.isWhitespace(text.charAt(head.length()))) {
            return head;
        }
        int lastSpace = head.length() - 1;
        while (lastSpace >= 0 && !Character.isWhitespace(head.charAt(lastSpace))) {
            lastSpace--;
        }
        return head.substring(0, Math.max(lastSpace, 0));
    }

    /** At most {@code length} characters, never half a surrogate pair. */
    private static String cut(String text, int length) {
        if (text.length() <= length) {
            return text;
        }
        return text.substring(0, Character.isHighSurrogate(text.charAt(length - 1)) ? length - 1 : length);
    }
}
