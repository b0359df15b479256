package io.extauth.notification.mail.adapter;

/**
 * How often an e-mail is sent that the SMTP server was handed whole and never answered
 * ({@link UnconfirmedSendException}): each such send may have reached the user. Losing an e-mail is worse than sending it twice, so it is sent again, under
 * the same Message-ID, but once only: a server that keeps taking e-mails without confirming them would otherwise
 * deliver one more at every retry, forever.
 */
final class UnconfirmedSends {

    /** Unconfirmed sends of one e-mail at most: the user gets it twice at most. */
    static final int MAX = 2;

    private UnconfirmedSends() {
    }

    /** Whether the e-mail is sent again after this many unconfirmed sends of it. */
    static boolean sendAgain(int unconfirmedSends) {
        return unconfirmedSends < MAX;
    }
}
