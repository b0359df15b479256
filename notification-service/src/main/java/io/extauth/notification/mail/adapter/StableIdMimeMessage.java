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
 * ({@code 354} to {@code DATA}), so a send that failed before that handed nothing over. Once the whole is written and
 * before the end of the data ({@code .}) goes, it tells {@link EndOfData}, which may still stop the send.
 */
class StableIdMimeMessage extends MimeMessage {

    /** How much of the message a send wrote to the server. */
    enum Written { NONE, PART, WHOLE }

    /**
     * Told that the whole message was written and its end of data is to go next: from then on the server may store it
     * whatever this side does. It throws to stop the send there: Angus Mail then drops the connection without the end
     * of the data, and the server stores nothing.
     */
    @FunctionalInterface
    interface EndOfData {
        EndOfData NONE = () -> { };

        void next() throws IOException;
    }

    private final String messageId;
    private final EndOfData endOfData;
    private volatile Written written = Written.NONE;

    StableIdMimeMessage(Session session, String messageId) {
        this(session, messageId, EndOfData.NONE);
    }

    StableIdMimeMessage(Session session, String messageId, EndOfData endOfData) {
        super(session);
        this.messageId = messageId;
        this.endOfData = endOfData;
    }

    @Override
    protected void updateMessageID() throws MessagingException {
        setHeader("Message-ID", messageId);
    }

    @Override
    public void writeTo(OutputStream out, String[] ignoreList) throws IOException, MessagingException {
        written = Written.PART;
        super.writeTo(out, ignoreList);
        // the transport sends the end of the data (".") once this returns; a throw here keeps it back
        endOfData.next();
        written = Written.WHOLE;
    }

    /** How much of the message its sends so far wrote to the server: the end of its data follows the whole. */
    Written written() {
        return written;
    }
}
