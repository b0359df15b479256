package io.extauth.localstack;

import com.icegreen.greenmail.mail.MovingMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.user.UserException;
import jakarta.mail.internet.MimeMessage;

/**
 * A GreenMail user whose mailbox does not take a message the {@link MailArchive} already holds: the read API lists
 * it from the archive, so a second copy in GreenMail's memory would only grow the heap with every e-mail.
 */
final class ArchivedOnly implements GreenMailUser {

    private final GreenMailUser user;

    ArchivedOnly(GreenMailUser user) {
        this.user = user;
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
        return user.getEmail();
    }

    @Override
    public String getLogin() {
        return user.getLogin();
    }

    @Override
    public void create() {
        user.create();
    }

    @Override
    public void delete() {
        user.delete();
    }

    @Override
    public String getPassword() {
        return user.getPassword();
    }

    @Override
    public void setPassword(String password) {
        user.setPassword(password);
    }

    @Override
    public void authenticate(String password) throws UserException {
        user.authenticate(password);
    }

    @Override
    public String getQualifiedMailboxName() {
        return user.getQualifiedMailboxName();
    }
}
