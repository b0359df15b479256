package io.extauth.contract.events;

import io.extauth.contract.ExtauthEvent;
import java.time.Instant;

/** The factor was switched off; the user is challenged no more until a new order. */
public record Deactivated(String accountId, String userId, String deactivatedBy, Instant at) implements ExtauthEvent {
}
