package io.extauth.contract;

/**
 * What text from outside may not carry where it is shown, on topics, in answers and in log lines: the characters that
 * forge a line or make a text read as another.
 */
public final class ShownText {

    private ShownText() {
    }

    /**
     * A control character (a line break, an escape, a NUL), a line or paragraph separator (U+2028, U+2029: line breaks
     * to many readers) or a format character (a bidirectional override, a zero-width joiner).
     */
    public static boolean isControlOrFormat(int codePoint) {
        int type = Character.getType(codePoint);
        return Character.isISOControl(codePoint) || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.FORMAT;
    }
}
