package io.extauth.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.extauth.contract.AuthType;
import io.extauth.contract.Topics;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.testsupport.RecordedEvent;
import io.extauth.testsupport.TestEvents;
import io.extauth.testsupport.TopicRecorder;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/** The provisioning e-mail on a real Kafka broker and PostgreSQL in containers; skipped without a Docker engine. */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class NotificationContainersIntegrationTest {

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka-native:3.9.1");
    @Container
    static final PostgreSQLContainer<?> POSTGRES = new PostgreSQLContainer<>("postgres:17-alpine");

    private static GreenMail smtp;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        registry.add("spring.kafka.bootstrap-servers", KAFKA::getBootstrapServers);
        registry.add("spring.datasource.url", POSTGRES::getJdbcUrl);
        registry.add("spring.datasource.username", POSTGRES::getUsername);
        registry.add("spring.datasource.password", POSTGRES::getPassword);
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
        AuthOrdered order = NotificationIntegrationTest.order(AuthType.PHONEFACTOR, null);
        try (TopicRecorder topics = new TopicRecorder(KAFKA.getBootstrapServers(), List.of(Topics.AUTH_EMAIL_SENT));
                TestEvents upstream = new TestEvents(KAFKA.getBootstrapServers())) {
            upstream.sendBinary(Topics.AUTH_ORDERED, order);
            upstream.sendBinary(Topics.AUTH_PROVISIONED, NotificationIntegrationTest.provisioned(order));

            RecordedEvent sent = topics.awaitEvent(Topics.AUTH_EMAIL_SENT, "EmailSent", order.userId());

            assertThat(sent.text("orderId")).isEqualTo(order.orderId());
            assertThat(smtp.getReceivedMessages()).hasSize(1);
        }
    }
}
