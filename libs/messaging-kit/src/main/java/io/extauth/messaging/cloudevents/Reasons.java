package io.extauth.messaging.cloudevents;

import org.jspecify.annotations.Nullable;

/**
 * The reason a record is refused, bounded: it echoes what the record says (its key, type, time), and it travels
 * several times in the dead letter (the reason header, spring-kafka's exception message and its stack trace). A key
 * of a few hundred kilobytes echoed whole made the dead letter larger than a record may be: its publishing failed,
 * and spring-kafka sought the record back and tried again, for ever, holding the partition.
 */
public final class Reasons {

    /** Characters of a reason kept, at most. */
    public static final int MAX_CHARACTERS = 1_000;

    private Reasons() {
    }

    /** A value of the record, as a reason quotes it: at most 200 characters, so the reason around it stays whole. */
    public static String echo(@Nullable String value) {
        if (value == null || value.length() <= 200) {
            return String.valueOf(value);
        }
        int end = Character.isHighSurrogate(value.charAt(199)) ? 199 : 200;
        return value.substring(0, end) + "… (" + value.length() + " characters)";
    }

    public static String bounded(String reason) {
        if (reason.length() <= MAX_CHARACTERS) {
            return reason;
        }
        int end = Character.isHighSurrogate(reason.charAt(MAX_CHARACTERS - 1)) ? MAX_CHARACTERS - 1 : MAX_CHARACTERS;
        return reason.substring(0, end) + "… (" + (reason.length() - end) + " more characters cut)";
    }
}
