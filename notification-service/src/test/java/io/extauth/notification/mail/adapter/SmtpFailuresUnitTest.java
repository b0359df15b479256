package io.extauth.notification.mail.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.MailSendException;

class SmtpFailuresUnitTest {

    @Test
    void aRecipientRefusedWith5xxIsAPermanentFailureWithTheServersAnswer() throws Exception {
        SendFailedException refused = new SendFailedException("Invalid Addresses",
                new MessagingException("550 5.1.1 <jane@example.com>... User unknown"), new Address[0],
                new Address[0], new Address[] {new InternetAddress("jane@example.com")});
        MailSendException failure = new MailSendException(
                Map.of(new MimeMessage(Session.getInstance(new Properties())), refused));

        assertThat(SmtpFailures.permanentReason(failure)).startsWith("bad address, refused by the SMTP server")
                .contains("550 5.1.1");
    }

    @Test
    void aRefusalOnRcptThatIsAboutTheRelayNotTheAddressIsTriedAgain() throws Exception {
        for (String relayFault : List.of("554 5.7.1 <jane@example.com>: Relay access denied",
                "550 5.7.1 Client host rejected: policy", "452 4.3.1 Insufficient system storage",
                "554 Transaction failed")) {
            SendFailedException refused = new SendFailedException("Invalid Addresses",
                    new MessagingException(relayFault), new Address[0], new Address[0],
                    new Address[] {new InternetAddress("jane@example.com")});
            MailSendException failure = new MailSendException(
                    Map.of(new MimeMessage(Session.getInstance(new Properties())), refused));

            assertThat(SmtpFailures.permanentReason(failure)).as(relayFault).isNull();
            assertThat(SmtpFailures.kind(failure)).isEqualTo("SMTP_UNAVAILABLE");
        }
    }

    @Test
    void whatIsAboutTheAddressItselfIsToldFromTheRepliesCodes() {
        assertThat(SmtpFailures.aboutTheAddress("550 5.1.1 User unknown")).isTrue();
        assertThat(SmtpFailures.aboutTheAddress("553 5.1.3 Bad recipient address syntax")).isTrue();
        assertThat(SmtpFailures.aboutTheAddress("550 5.2.1 Mailbox disabled")).isTrue();
        assertThat(SmtpFailures.aboutTheAddress("550 No such user here")).isTrue();
        assertThat(SmtpFailures.aboutTheAddress("551 User not local")).isTrue();
        assertThat(SmtpFailures.aboutTheAddress("Invalid Addresses")).as("no code: JavaMail's word stands").isTrue();
        assertThat(SmtpFailures.aboutTheAddress("554 5.7.1 Relay access denied")).isFalse();
        assertThat(SmtpFailures.aboutTheAddress("550 5.7.26 Unauthenticated sender")).isFalse();
        assertThat(SmtpFailures.aboutTheAddress("554 Transaction failed")).isFalse();
        assertThat(SmtpFailures.aboutTheAddress("450 4.2.1 Mailbox busy")).isFalse();
        assertThat(SmtpFailures.aboutTheAddress("550 5.1.0 <noreply@extauth.io>: Sender address rejected: User "
                + "unknown in local recipient table")).as("our sender, reported at RCPT").isFalse();
        assertThat(SmtpFailures.aboutTheAddress("553 5.1.8 Bad sender's system address")).isFalse();
        assertThat(SmtpFailures.aboutTheAddress("550 5.1.7 Bad sender's mailbox address syntax")).isFalse();
    }

    @Test
    void everyAddressInAServersAnswerIsMaskedWhateverItsCase() {
        String masked = SmtpFailures.transientReason(new MailSendException("failed", new MessagingException(
                "550 5.1.1 <Jane.Doe@Example.com>: Recipient address rejected; try postmaster@example.org")));

        assertThat(masked).doesNotContainIgnoringCase("jane.doe@").doesNotContain("postmaster@")
                .contains("550 5.1.1 <").contains("@Example.com>").contains("@example.org");
    }

    @Test
    void aServersReplyIsKeptOnOneLineWithoutControlCharactersAndAtMost500Characters() throws Exception {
        // a NUL made the statement that records the attempt fail: the e-mail was claimed and sent again every lease
        String reply = "550 5.1.1 <jane@example.com>\u0000 unknown \u001b[2J\u202E" + "x".repeat(10 * 1024);
        SendFailedException refused = new SendFailedException("Invalid Addresses", new MessagingException(reply),
                new Address[0], new Address[0], new Address[] {new InternetAddress("jane@example.com")});
        MailSendException permanent = new MailSendException(
                Map.of(new MimeMessage(Session.getInstance(new Properties())), refused));
        MailSendException later = new MailSendException("failed", new MessagingException(
                reply.replace("550 5.1.1", "451 4.3.0")));

        for (String reason : List.of(SmtpFailures.permanentReason(permanent), SmtpFailures.transientReason(later))) {
            assertThat(reason).contains(" unknown ").doesNotContain("\u0000", "\u001b", "\u202E", "jane@")
                    .hasSizeLessThanOrEqualTo(500).endsWith("…");
        }
        assertThat(SmtpFailures.permanentReason(permanent)).isEqualTo(
                "bad address, refused by the SMTP server: 550 5.1.1 <j***@example.com>  unknown  [2J…");
    }

    @Test
    void anEmailHandedOverWholeIsUnconfirmedWhenNoReplyCameAndConfirmedOrRefusedByAnyReply() {
        MessagingException timedOut = new MessagingException("Exception reading response",
                new SocketTimeoutException("Read timed out"));
        MessagingException lost = new SendFailedException("[EOF]");
        MessagingException refused = new SendFailedException("451 4.3.0 try again later");

        assertThat(SmtpFailures.unconfirmed(StableIdMimeMessage.Written.WHOLE, timedOut)).isTrue();
        assertThat(SmtpFailures.unconfirmed(StableIdMimeMessage.Written.WHOLE, lost)).isTrue();
        assertThat(SmtpFailures.unconfirmed(StableIdMimeMessage.Written.WHOLE, refused)).as("an answer").isFalse();
        assertThat(SmtpFailures.unconfirmed(StableIdMimeMessage.Written.PART, timedOut)).as("no end, no e-mail")
                .isFalse();
        assertThat(SmtpFailures.unconfirmed(StableIdMimeMessage.Written.NONE, lost)).isFalse();
    }

    @Test
    void anEmailWhoseEndOfDataCouldNotBeWrittenIsNotUnconfirmedTheServerStoredNothing() {
        MessagingException brokenPipe = new MessagingException("Can't send command to SMTP host",
                new SocketException("Broken pipe"));
        MessagingException closedOnWriteTimeout = new MessagingException("IOException while sending message",
                new SocketException("Socket closed"));

        assertThat(SmtpFailures.unconfirmed(StableIdMimeMessage.Written.WHOLE, brokenPipe)).isFalse();
        assertThat(SmtpFailures.unconfirmed(StableIdMimeMessage.Written.WHOLE, closedOnWriteTimeout)).isFalse();
        MessagingException resetWhileAwaited = new MessagingException("Exception reading response",
                new SocketException("Connection reset"));
        assertThat(SmtpFailures.unconfirmed(StableIdMimeMessage.Written.WHOLE, resetWhileAwaited))
                .as("the end of the data went out: it may have been stored").isTrue();
    }

    @Test
    void onlyAnEmailNothingOfWhichWasHandedOverAndThatDidNotTimeOutGoesAgainAtOnce() {
        MessagingException reset = new MessagingException("Exception reading response",
                new SocketException("Connection reset"));
        MessagingException timedOut = new MessagingException("Exception reading response",
                new SocketTimeoutException("Read timed out"));

        assertThat(SmtpFailures.mayGoAgainAtOnce(StableIdMimeMessage.Written.NONE, reset)).isTrue();
        assertThat(SmtpFailures.mayGoAgainAtOnce(StableIdMimeMessage.Written.NONE, new SendFailedException("[EOF]")))
                .isTrue();
        assertThat(SmtpFailures.mayGoAgainAtOnce(StableIdMimeMessage.Written.NONE, timedOut)).as("slow, not gone")
                .isFalse();
        assertThat(SmtpFailures.mayGoAgainAtOnce(StableIdMimeMessage.Written.WHOLE, reset)).isFalse();
        assertThat(SmtpFailures.mayGoAgainAtOnce(StableIdMimeMessage.Written.PART, reset)).isFalse();
    }

    @Test
    void aMalformedAddressIsAPermanentFailure() {
        MailPreparationException failure = new MailPreparationException("E-mail could not be written",
                new AddressException("Missing domain", "jane.doe@"));

        assertThat(SmtpFailures.permanentReason(failure)).startsWith("bad address").contains("Missing domain");
    }

    @Test
    void aServerThatIsDownOrAsksToComeBackLaterIsTransient() {
        MailSendException down = new MailSendException("Mail server connection failed",
                new MessagingException("Couldn't connect to host", new ConnectException("Connection refused")));
        SendFailedException later = new SendFailedException("451 4.3.0 try again later", null, new Address[0],
                new Address[0], new Address[0]);

        assertThat(SmtpFailures.permanentReason(down)).isNull();
        assertThat(SmtpFailures.transientReason(down)).contains("Connection refused");
        assertThat(SmtpFailures.permanentReason(new MailSendException("failed", later))).isNull();
        assertThat(SmtpFailures.permanentReason(new MailAuthenticationException("535 bad login"))).isNull();
    }
}
