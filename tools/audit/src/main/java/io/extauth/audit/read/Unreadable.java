package io.extauth.audit.read;

import io.extauth.audit.rules.Position;

/** A record that is not an event of the contract, and why. */
public record Unreadable(Position position, String reason) {
}
