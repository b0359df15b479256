package io.extauth.notification.mail;

/**
 * The e-mail's contact has not arrived yet: {@code auth.ordered} and the topic of the event are read independently.
 * Transient: the messaging kit retries with back-off until the contact is there.
 */
public class ContactNotYetKnownException extends RuntimeException {

    public ContactNotYetKnownException(String message) {
        super(message);
    }
}
