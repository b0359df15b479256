package io.extauth.challenge.factor;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/** Where a user's phone is kept: the one challenges use, or the fallback. */
public enum PhoneSlot {
    PRIMARY, SECONDARY;

    /** The slot a request names, or null when it names none of them (the caller refuses it as INVALID_SLOT). */
    public static @Nullable PhoneSlot of(@Nullable String slot) {
        return Arrays.stream(values()).filter(s -> s.name().equals(slot)).findFirst().orElse(null);
    }
}
