package io.extauth.notification.mail.adapter;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A message whose Message-ID is given, not generated on save: derived from the event, so an e-mail sent again after
 * a crash between the SMTP server's acceptance and the commit is recognisably the same message. It also tells how
 * much of it was handed to the server ({@link #written}): the SMTP transport writes it once the server said go ahead
 * ({@code 354} to {@code DATA}), so a send that failed before that handed nothing over.
 */
class StableIdMimeMessage extends MimeMessage {

    /** How much of the message a send wrote to the server. */
    enum Written { NONE, PART, WHOLE }

    private final String messageId;
    private volatile Written written = Written.NONE;

    StableIdMimeMessage(Session session, String messageId) {
        super(session);
        this.messageId = messageId;
    }

    @Override
    protected void updateMessageID() throws MessagingException {
        setHeader("Message-ID", messageId);
    }

    @Override
    public void writeTo(OutputStream out, String[] ignoreList) throws IOException, MessagingException {
        written = Written.PART;
        super.writeTo(out, ignoreList);
        written = Written.WHOLE;
    }

    /** How much of the message its sends so far wrote to the server: the end of its data follows the whole. */
    Written written() {
        return written;
    }
}
