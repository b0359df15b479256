package io.extauth.messaging.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.extauth.contract.CloudEventHeaders;
import io.extauth.contract.Topics;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.messaging.cloudevents.InvalidEventException;
import io.extauth.messaging.inbox.Inbox;
import io.extauth.messaging.tracing.EventTracing;
import io.extauth.testsupport.NoTransactions;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A record taken alone, outside a batch (how a batch that failed outside its handlers is split): a known id with the
 * digest it was handled with is a redelivery and skipped, one with another digest is another event and refused as
 * invalid (dead-lettered), a known id without a digest is skipped as before.
 */
class InboundEventsUnitTest {

    private static final String ORDERED = "{\"accountId\":\"1234\",\"userId\":\"jane\",\"orderId\":\"o-1\","
            + "\"type\":\"PHONEFACTOR\",\"email\":\"jane@example.com\",\"monthlyFee\":\"4.90\",\"channel\":\"BILLING\","
            + "\"orderedAt\":\"2026-11-30T10:15:30.123456Z\"}";

    private final RememberingInbox inbox = new RememberingInbox();
    private final InboundEvents inbound = new InboundEvents(inbox, new TransactionTemplate(new NoTransactions()),
            "test", EventTracing.NONE, new DatabaseProbe(() -> true));
    private final List<String> handled = new ArrayList<>();
    private final EventHandlers handlers = EventHandlers.create().on(AuthOrdered.class,
            (order, envelope) -> handled.add(order.orderId()));

    @Test
    void aRedeliveryIsSkippedAndAnotherEventUnderTheSameIdIsRefusedAsInvalid() {
        inbound.process(record("e-1", ORDERED), handlers);
        inbound.process(record("e-1", ORDERED), handlers);

        assertThatThrownBy(() -> inbound.process(record("e-1", ORDERED.replace("o-1", "o-2")), handlers))
                .isInstanceOf(RecordFailed.class).cause().isInstanceOf(InvalidEventException.class)
                .hasMessageStartingWith("ce_id 'e-1' was already handled by test for an event with another type, "
                        + "source or data");
        assertThat(handled).containsExactly("o-1");
    }

    @Test
    void aKnownIdRecordedWithoutADigestIsSkippedAsBefore() {
        inbox.digests.put("e-1", null);

        inbound.process(record("e-1", ORDERED.replace("o-1", "o-2")), handlers);

        assertThat(handled).isEmpty();
    }

    private static ConsumerRecord<String, byte[]> record(String id, String json) {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(Topics.AUTH_ORDERED, 0, 0, "jane",
                json.getBytes(StandardCharsets.UTF_8));
        Map<String, String> headers = Map.of(CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_1_0,
                CloudEventHeaders.ID, id, CloudEventHeaders.SOURCE, "/test", CloudEventHeaders.TYPE, "AuthOrdered",
                CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
        headers.forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        return record;
    }

    /** The inbox as a map of ids to the digests they were recorded with (null: recorded without one). */
    private static final class RememberingInbox extends Inbox {

        final Map<String, byte @Nullable []> digests = new HashMap<>();

        RememberingInbox() {
            super(new JdbcTemplate(), Clock.systemUTC());
        }

        @Override
        public boolean firstDelivery(String consumer, String eventId, String eventType, byte @Nullable [] digest) {
            if (digests.containsKey(eventId)) {
                return false;
            }
            digests.put(eventId, digest);
            return true;
        }

        @Override
        public Map<String, byte[]> digestsOf(String consumer, Collection<String> eventIds) {
            Map<String, byte[]> known = new HashMap<>();
            eventIds.forEach(id -> {
                if (digests.get(id) != null) {
                    known.put(id, digests.get(id));
                }
            });
            return known;
        }
    }
}
