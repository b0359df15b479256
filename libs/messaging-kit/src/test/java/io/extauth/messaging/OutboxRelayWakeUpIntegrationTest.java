package io.extauth.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.contract.AuthType;
import io.extauth.contract.Topics;
import io.extauth.contract.events.Provisioned;
import io.extauth.messaging.outbox.Outbox;
import io.extauth.testsupport.RecordedEvent;
import io.extauth.testsupport.RecordedTopics;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.transaction.support.TransactionTemplate;

/** The relay publishes what a commit put in the outbox at once, not at its next poll (here: in a day). */
@SpringBootTest(classes = KitTestApplication.class,
        properties = "extauth.messaging.relay-poll-interval=1d")
@EmbeddedKafka(partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class OutboxRelayWakeUpIntegrationTest {

    @RegisterExtension
    static final RecordedTopics provisioned = RecordedTopics.onEmbeddedKafka(Topics.AUTH_PROVISIONED);

    @Autowired
    Outbox outbox;
    @Autowired
    TransactionTemplate transactions;

    @Test
    void aCommitWakesTheRelayWhosePollIntervalIsADay() {
        String userId = "user-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            String orderId = "o-" + i;
            transactions.executeWithoutResult(status -> outbox.publish(new Provisioned("1234", userId, orderId,
                    AuthType.PHONEFACTOR, "ref", Instant.now())));
        }

        // each commit wakes the relay; with a day between polls nothing else would publish these
        for (int i = 0; i < 3; i++) {
            String orderId = "o-" + i;
            RecordedEvent event = provisioned.recorder().awaitRecord(Provisioned.class,
                    p -> userId.equals(p.userId()) && orderId.equals(p.orderId()));
            assertThat(event.key()).isEqualTo(userId);
            assertThat(event.headers()).containsEntry("ce_subject", userId);
        }
    }
}
