package io.extauth.messaging.cloudevents;

/** A record that is no CloudEvent of the contract at all; it is dead-lettered at once, never retried. */
public class UnreadableEventException extends RuntimeException {

    public UnreadableEventException(String reason) {
        super(Reasons.bounded(reason));
    }

    public UnreadableEventException(String reason, Throwable cause) {
        super(Reasons.bounded(reason), cause);
    }
}
