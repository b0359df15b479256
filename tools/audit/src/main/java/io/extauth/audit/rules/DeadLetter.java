package io.extauth.audit.rules;

import org.jspecify.annotations.Nullable;

/**
 * A record on a dead-letter topic: the original record as it was refused, with what could be read of it (its event
 * id, user key, order id, original position) and the reason from its headers.
 */
public record DeadLetter(Position position, String originalTopic, @Nullable String id, @Nullable String key,
        @Nullable String orderId, @Nullable Position original, @Nullable String reason) {
}
