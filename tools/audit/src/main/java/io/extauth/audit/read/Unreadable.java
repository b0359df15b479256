package io.extauth.audit.read;

import io.extauth.audit.rules.Position;

/** A record that is not an event of the contract, and why: the reason quotes the record only {@link Printable}. */
public record Unreadable(Position position, String reason) {

    public Unreadable {
        reason = Printable.of(reason);
    }
}
