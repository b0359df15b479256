package io.extauth.messaging.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.messaging.cloudevents.CloudEventCodec;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class EventDigestUnitTest {

    private static final String DATA = "{\"accountId\":\"1234\",\"userId\":\"jane\",\"orderId\":\"o-1\"}";

    @Test
    void aBinaryResendIsTheSameEventWhateverItsTimeAndAnotherValueTypeOrSourceIsAnother() {
        byte[] sent = digest(binary("AuthOrdered", "/billing", "2026-11-30T10:00:00Z", DATA));

        assertThat(digest(binary("AuthOrdered", "/billing", "2026-12-01T09:00:00Z", DATA))).isEqualTo(sent);
        assertThat(digest(binary("AuthOrdered", "/billing", "2026-11-30T10:00:00Z", DATA.replace("o-1", "o-2"))))
                .isNotEqualTo(sent);
        assertThat(digest(binary("OrderCancelled", "/billing", "2026-11-30T10:00:00Z", DATA))).isNotEqualTo(sent);
        assertThat(digest(binary("AuthOrdered", "/another-billing", "2026-11-30T10:00:00Z", DATA)))
                .isNotEqualTo(sent);
    }

    @Test
    void aStructuredResendIsTheSameEventWhateverItsEnvelopesTimeAndSpacingAndOtherDataIsAnother() {
        byte[] sent = digest(structured("AuthOrdered", "/billing", "2026-11-30T10:00:00Z", DATA));

        assertThat(digest(structured("AuthOrdered", "/billing", "2026-12-01T09:00:00Z", DATA.replace(",", ", "))))
                .isEqualTo(sent);
        assertThat(digest(structured("AuthOrdered", "/billing", "2026-11-30T10:00:00Z", DATA.replace("jane", "john"))))
                .isNotEqualTo(sent);
        assertThat(digest(structured("AuthOrdered", "/other", "2026-11-30T10:00:00Z", DATA))).isNotEqualTo(sent);
        // a producer that adds ce_* headers to a structured record: still structured, as the codec reads it
        ConsumerRecord<String, byte[]> withHeaders = structured("AuthOrdered", "/billing", "2026-12-02T08:00:00Z", DATA);
        withHeaders.headers().add("ce_type", bytes("AuthOrdered")).add("ce_source", bytes("/billing"));
        assertThat(digest(withHeaders)).isEqualTo(sent);
    }

    @Test
    void aRowWithoutADigestIsTakenAsTheSameEventAsBefore() {
        byte[] one = digest(binary("AuthOrdered", "/billing", "2026-11-30T10:00:00Z", DATA));
        byte[] other = digest(binary("AuthOrdered", "/billing", "2026-11-30T10:00:00Z", "{}"));

        assertThat(EventDigest.sameEvent(null, one)).isTrue();
        assertThat(EventDigest.sameEvent(one, one.clone())).isTrue();
        assertThat(EventDigest.sameEvent(one, other)).isFalse();
        assertThat(EventDigest.reused("e-1", "order-service")).startsWith("ce_id 'e-1' was already handled by "
                + "order-service for an event with another type, source or data");
    }

    private static byte[] digest(ConsumerRecord<String, byte[]> record) {
        return EventDigest.of(record, CloudEventCodec.read(record));
    }

    private static ConsumerRecord<String, byte[]> binary(String type, String source, String time, String data) {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("auth.ordered", 0, 0, "jane", bytes(data));
        record.headers().add("ce_specversion", bytes("1.0")).add("ce_id", bytes("e-1")).add("ce_type", bytes(type))
                .add("ce_source", bytes(source)).add("ce_time", bytes(time))
                .add("content-type", bytes("application/json"));
        return record;
    }

    private static ConsumerRecord<String, byte[]> structured(String type, String source, String time, String data) {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("auth.ordered", 0, 0, "jane", bytes(
                "{\"specversion\":\"1.0\",\"id\":\"e-1\",\"type\":\"" + type + "\",\"source\":\"" + source
                        + "\",\"time\":\"" + time + "\",\"data\":" + data + "}"));
        record.headers().add("content-type", bytes("application/cloudevents+json"));
        return record;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
