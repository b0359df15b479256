package io.extauth.service.words;

import io.extauth.contract.Masking;
import io.extauth.contract.ShownText;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What is kept of another system's own words: a vendor's refusal (its {@code code} and {@code detail}), which becomes
 * {@code ProvisioningFailed.reason}, an order's {@code lastError} (which portal and admin callers read), a WARN log
 * line and the audit; an SMTP server's reply, which becomes an e-mail's {@code lastError} or {@code failureReason} on
 * the user's timeline and a log line. Copied whole, they went everywhere as they came. So they are kept on one line
 * (CR/LF forged log lines), with every address in them masked as the contract masks them ({@code j***@example.com}: a
 * vendor or server echoes the user's), and at most {@link #MAX} characters, the last an ellipsis (an answer may be
 * 64 KiB).
 */
public final class ForeignWords {

    /** Characters kept at most, the ellipsis included. */
    public static final int MAX = 500;

    private static final String ELLIPSIS = "…";

    /**
     * Anything shaped like an address: no bracket, double quote, space or separator around the {@code @}. An
     * apostrophe may be in the local part ({@code mary.o'brien@…}: the diff review of session 63 found the part before
     * it left unmasked), so an address a server quotes in apostrophes is masked from the opening one on.
     */
    private static final Pattern ADDRESS = Pattern.compile("[^\\s<>\"(),;:\\[\\]]+@[^\\s<>\"'(),;:\\[\\]]+");

    private ForeignWords() {
    }

    /**
     * The words as kept. Cut to twice the bound before the addresses are looked for (a masked address is shorter or
     * a little longer): the pattern's work grows with the square of an unbroken run of text, seconds for a 64 KiB
     * answer without a space. That cut drops the word it would split, so no part of an address is left unmasked.
     */
    public static String kept(String words) {
        String oneLine = withoutControlCharacters(words);
        String masked = withoutAddresses(wholeWords(oneLine, 2 * MAX));
        return masked.length() <= MAX && oneLine.length() <= 2 * MAX ? masked : cut(masked, MAX - 1) + ELLIPSIS;
    }

    /**
     * The text with every address in it masked, and nothing else changed: for text of a known, short length only (the
     * pattern's work grows with the square of an unbroken run of text); {@link #kept} bounds it first.
     */
    public static String withoutAddresses(String text) {
        return ADDRESS.matcher(text).replaceAll(found -> Matcher.quoteReplacement(Masking.email(found.group())));
    }

    /**
     * Every control character (a line break, an escape, a NUL), line or paragraph separator (U+2028, U+2029: line
     * breaks to many readers) and format character (a bidirectional override) as a space.
     */
    private static String withoutControlCharacters(String text) {
        StringBuilder kept = new StringBuilder(text.length());
        text.codePoints().forEach(c -> kept.appendCodePoint(ShownText.isControlOrFormat(c) ? ' ' : c));
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
