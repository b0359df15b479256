package io.extauth.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.contract.AuthType;
import io.extauth.contract.OrderChannel;
import io.extauth.contract.Topics;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.contract.events.Provisioned;
import io.extauth.messaging.consumer.DeadLetters;
import io.extauth.testsupport.RecordedEvent;
import io.extauth.testsupport.TestEvents;
import io.extauth.testsupport.TopicRecorder;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * A record the broker took, a kilobyte under the producer's {@code max.request.size}: its whole dead letter (the
 * record plus spring-kafka's exception headers) is larger than a record may be. Before, its publishing failed, the
 * error handler sought the record back and tried again for ever, and nothing after it on its partition was handled.
 */
@SpringBootTest(classes = KitTestApplication.class)
@EmbeddedKafka(partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class OversizedDeadLetterIntegrationTest {

    /** Kafka's default {@code max.request.size}, the kit's producers' and this test's sender's. */
    private static final int MAX_REQUEST_SIZE = 1_048_576;

    private static TopicRecorder topics;
    private static TestEvents billing;

    @BeforeAll
    static void observe(@Autowired EmbeddedKafkaBroker broker) {
        topics = new TopicRecorder(broker.getBrokersAsString(), List.of(Topics.AUTH_ORDERED, Topics.AUTH_PROVISIONED,
                Topics.deadLetterOf(Topics.AUTH_ORDERED)));
        billing = new TestEvents(broker.getBrokersAsString());
    }

    @AfterAll
    static void stop() {
        topics.close();
        billing.close();
    }

    @Test
    void aRecordTooLargeToDeadLetterWholeIsDeadLetteredWithoutItsValueAndTheNextRecordOnItsPartitionIsHandled() {
        String userId = "user-" + UUID.randomUUID();
        String hugeId = UUID.randomUUID().toString();
        byte[] nearTheLimit = new byte[MAX_REQUEST_SIZE - 1_024];
        Arrays.fill(nearTheLimit, (byte) 'x');
        billing.sendRaw(Topics.AUTH_ORDERED, userId, nearTheLimit, "ce_specversion", "1.0", "ce_id", hugeId,
                "ce_type", "AuthOrdered", "ce_source", "/test");
        AuthOrdered next = new AuthOrdered("1234", userId, "o-" + UUID.randomUUID(), AuthType.PHONEFACTOR, null,
                "jane@example.com", null, new BigDecimal("3.00"), OrderChannel.BILLING, Instant.now());
        billing.sendBinary(Topics.AUTH_ORDERED, next);

        topics.awaitEvent(Provisioned.class, p -> next.orderId().equals(p.orderId()));
        RecordedEvent huge = topics.awaitEvent(Topics.AUTH_ORDERED, e -> hugeId.equals(e.id()));
        RecordedEvent dead = topics.awaitEvent(Topics.deadLetterOf(Topics.AUTH_ORDERED), e -> userId.equals(e.key()));
        assertThat(dead.partition()).isEqualTo(huge.partition());
        assertThat(dead.value()).as("the value stays on auth.ordered").isNull();
        assertThat(dead.headers()).containsEntry("ce_id", hugeId)
                .doesNotContainKey("kafka_dlt-exception-stacktrace");
        assertThat(dead.headers().get(DeadLetters.REASON_HEADER))
                .contains("too large to copy whole into its dead letter")
                .contains("auth.ordered partition " + huge.partition() + " offset " + huge.offset())
                .contains("value " + nearTheLimit.length + " bytes")
                .contains("exceeds the limit of 262144");
        assertThat(topics.events(Topics.deadLetterOf(Topics.AUTH_ORDERED), e -> userId.equals(e.key()))).hasSize(1);
    }
}
