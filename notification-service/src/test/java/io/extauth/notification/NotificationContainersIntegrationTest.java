package io.extauth.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.extauth.contract.AuthType;
import io.extauth.contract.Topics;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.contract.events.EmailSent;
import io.extauth.testsupport.ContainersIntegrationTestBase;
import io.extauth.testsupport.TestEvents;
import io.extauth.testsupport.TopicRecorder;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The provisioning e-mail on a real Kafka broker and PostgreSQL in containers; skipped without a Docker engine. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class NotificationContainersIntegrationTest extends ContainersIntegrationTestBase {

    private static GreenMail smtp;

    @DynamicPropertySource
    static void service(DynamicPropertyRegistry registry) {
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> smtp.getSmtp().getPort());
    }

    @AfterAll
    static void stopSmtp() {
        if (smtp != null) {
            smtp.stop();
        }
    }

    @Test
    void aProvisionedOrderIsMailedOnRealInfrastructure() {
        AuthOrdered order = NotificationIntegrationTestBase.order(AuthType.PHONEFACTOR, null);
        try (TopicRecorder topics = new TopicRecorder(KAFKA.getBootstrapServers(), List.of(Topics.AUTH_EMAIL_SENT));
                TestEvents upstream = new TestEvents(KAFKA.getBootstrapServers())) {
            upstream.sendBinary(Topics.AUTH_ORDERED, order);
            upstream.sendBinary(Topics.AUTH_PROVISIONED, NotificationIntegrationTestBase.provisioned(order));

            EmailSent sent = topics.awaitEvent(EmailSent.class, order.userId());

            assertThat(sent.orderId()).isEqualTo(order.orderId());
            assertThat(smtp.getReceivedMessages()).hasSize(1);
        }
    }
}
