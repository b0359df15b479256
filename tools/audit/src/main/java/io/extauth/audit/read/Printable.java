package io.extauth.audit.read;

import org.jspecify.annotations.Nullable;

/**
 * Text from a record as the report shows it: every control or format character written as its escape ({@code \n};
 * an escape character as a backslash, {@code u} and {@code 001b}; a right-to-left override too), and at most
 * {@value #MAX_CHARACTERS} characters.
 * A producer who can write to a topic the audit reads would otherwise write into the operator's terminal: an escape
 * sequence that hides the rest of the report, a line break and a forged {@code CLEAN: no violations}; or keep a
 * megabyte of reason per record in the audit's heap until the run ends.
 */
public final class Printable {

    public static final int MAX_CHARACTERS = 1_000;

    private Printable() {
    }

    public static String of(@Nullable String text) {
        String value = String.valueOf(text);
        int end = Math.min(value.length(), MAX_CHARACTERS);
        StringBuilder out = null;
        for (int i = 0; i < end; i++) {
            char c = value.charAt(i);
            boolean hidden = Character.isISOControl(c) || Character.getType(c) == Character.FORMAT;
            if (hidden && out == null) {
                out = new StringBuilder(end + 16).append(value, 0, i);
            }
            if (out != null) {
                if (!hidden) {
                    out.append(c);
                } else if (c == '\n') {
                    out.append("\\n");
                } else if (c == '\r') {
                    out.append("\\r");
                } else if (c == '\t') {
                    out.append("\\t");
                } else {
                    out.append(String.format("\\u%04x", (int) c));
                }
            }
        }
        String shown = out == null ? value.substring(0, end) : out.toString();
        return value.length() > MAX_CHARACTERS ? shown + "… (" + value.length() + " characters)" : shown;
    }
}
