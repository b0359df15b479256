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
