package io.extauth.contract.events;

import io.extauth.contract.ExtauthEvent;
import java.time.Instant;

/** A lockout ended: {@code by} is {@code TIMER} or the admin who unlocked. */
public record Unlocked(String accountId, String userId, String by, Instant at) implements ExtauthEvent {

    public static final String BY_TIMER = "TIMER";
}
