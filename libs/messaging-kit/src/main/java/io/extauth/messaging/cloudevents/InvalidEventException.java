package io.extauth.messaging.cloudevents;

/** A readable event whose content breaks the contract; it is dead-lettered at once with this reason. */
public class InvalidEventException extends RuntimeException {

    public InvalidEventException(String reason) {
        super(Reasons.bounded(reason));
    }

    public InvalidEventException(String reason, Throwable cause) {
        super(Reasons.bounded(reason), cause);
    }
}
