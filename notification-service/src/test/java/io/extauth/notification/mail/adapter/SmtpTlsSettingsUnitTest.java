package io.extauth.notification.mail.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.mail.autoconfigure.MailSenderAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Review (plain-text links): with SMTP credentials set, the service sent AUTH over plain text whenever the server
 * offered it. Now it refuses to start unless the connection is TLS or the operator allows plain AUTH.
 */
class SmtpTlsSettingsUnitTest {

    private static final String STARTTLS = "spring.mail.properties.mail.smtp.starttls.";

    private final ApplicationContextRunner service = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MailSenderAutoConfiguration.class, SslAutoConfiguration.class))
            .withUserConfiguration(WorkerConfiguration.class, SmtpMailer.class)
            .withPropertyValues("spring.mail.host=smtp.example", "spring.mail.port=587");

    @Test
    void credentialsOverPlainSmtpRefuseTheStartNamingTheSettingsAndTheWaysOut() {
        service.withPropertyValues("spring.mail.username=extauth", "spring.mail.password=secret").run(context ->
                assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageStartingWith("spring.mail.protocol is smtp without TLS while spring.mail.username "
                                + "is set")
                        .hasMessageContaining("spring.mail.ssl.enabled=true", STARTTLS + "enable=true",
                                STARTTLS + "required=true", "extauth.mail.allow-plain-auth=true"));
    }

    @Test
    void starttlsThatIsOnlyEnabledIsNotEnough() {
        // enabled alone, a server that does not offer STARTTLS (or a man in the middle that strips it) gets the AUTH
        service.withPropertyValues("spring.mail.username=extauth", STARTTLS + "enable=true")
                .run(context -> assertThat(context).hasFailed());
    }

    @Test
    void aPasswordWithoutAUserNameOrAuthAskedForIsCredentialsToo() {
        // Jakarta Mail takes the user from mail.smtp.user, mail.user or the OS account and authenticates all the same
        service.withPropertyValues("spring.mail.password=secret").run(context -> assertThat(context).hasFailed());
        service.withPropertyValues("spring.mail.properties.mail.smtp.auth=true")
                .run(context -> assertThat(context).hasFailed());
    }

    @Test
    void tlsThatWouldEscapeTheBoundsOnTheServerRefusesTheStart() {
        // smtps: Angus Mail reads mail.smtps.*, where the bounded sockets and the timeouts are not
        service.withPropertyValues("spring.mail.protocol=smtps").run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessageStartingWith("spring.mail.protocol is smtps")
                .hasMessageContaining("spring.mail.ssl.enabled=true"));
        // TLS from the start with an SSL bundle: the bundle's factory makes a socket of its own
        service.withPropertyValues("spring.mail.ssl.enabled=true", "spring.mail.ssl.bundle=mail",
                "spring.ssl.bundle.pem.mail.truststore.certificate=classpath:test-ca.pem")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageStartingWith("spring.mail.ssl.bundle"));
    }

    @Test
    void credentialsOverTlsStart() {
        service.withPropertyValues("spring.mail.username=extauth", STARTTLS + "enable=true",
                STARTTLS + "required=true").run(context -> assertThat(context).hasNotFailed());
        service.withPropertyValues("spring.mail.username=extauth", "spring.mail.ssl.enabled=true")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void withoutCredentialsOrWithPlainAuthAllowedItStarts() {
        service.run(context -> assertThat(context).hasNotFailed().hasSingleBean(SmtpMailer.class));
        service.withPropertyValues("spring.mail.username=extauth", "extauth.mail.allow-plain-auth=true")
                .run(context -> assertThat(context).hasNotFailed());
    }
}
