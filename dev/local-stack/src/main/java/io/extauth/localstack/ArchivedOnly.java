package io.extauth.localstack;

import com.icegreen.greenmail.mail.MovingMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.user.UserException;
import jakarta.mail.internet.MimeMessage;

/**
 * The recipient of a message the {@link MailArchive} already holds, as GreenMail's delivery sees it: the read API
 * lists the message from the archive, so GreenMail neither keeps a second copy in its memory nor makes the recipient
 * a mailbox (GreenMail only ever calls {@code deliver} on the user a delivery handler returns).
 */
final class ArchivedOnly implements GreenMailUser {

    private final String email;

    ArchivedOnly(String email) {
        this.email = email;
    }

    @Override
    public void deliver(MovingMessage message) {
        // archived: listed from the archive
    }

    @Override
    public void deliver(MimeMessage message) {
        // archived: listed from the archive
    }

    @Override
    public String getEmail() {
        return email;
    }

    @Override
    public String getLogin() {
        return email;
    }

    @Override
    public void create() {
        // no mailbox: nothing is kept
    }

    @Override
    public void delete() {
        // no mailbox: nothing is kept
    }

    @Override
    public String getPassword() {
        return "";
    }

    @Override
    public void setPassword(String password) {
        // the stack's SMTP server runs without authentication
    }

    @Override
    public void authenticate(String password) throws UserException {
        throw new UserException("the stack's SMTP server keeps no mailbox for " + email + " to log in to");
    }

    @Override
    public String getQualifiedMailboxName() {
        return email;
    }
}
