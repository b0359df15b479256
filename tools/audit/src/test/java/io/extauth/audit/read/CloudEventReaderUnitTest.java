package io.extauth.audit.read;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.audit.rules.AuditEvent;
import io.extauth.audit.rules.DeadLetter;
import io.extauth.audit.rules.Position;
import io.extauth.contract.AuthType;
import io.extauth.contract.ContractJson;
import io.extauth.contract.FactorChange;
import io.extauth.contract.PhoneFactorMethod;
import io.extauth.contract.events.FactorSettingsChanged;
import io.extauth.contract.events.Provisioned;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class CloudEventReaderUnitTest {

    private static final Instant TIME = Instant.parse("2025-03-01T08:00:00Z");
    private static final Provisioned PROVISIONED = new Provisioned("1234", "jane", "o-1", AuthType.SYMANTEC_VIP,
            "vip-1", TIME);

    private final CloudEventReader reader = new CloudEventReader();

    @Test
    void aBinaryModeRecordIsReadWithItsIdTimeAndData() throws Exception {
        RecordHeaders headers = binaryHeaders("id-1", "Provisioned", "2025-03-01T09:00:00+01:00");

        ReadRecord read = reader.read(record("auth.provisioned", headers, ContractJson.mapper().writeValueAsBytes(PROVISIONED)));

        AuditEvent event = ((ReadRecord.Event) read).event();
        assertThat(event.id()).isEqualTo("id-1");
        assertThat(event.time()).isEqualTo(TIME);
        assertThat(event.data()).isEqualTo(PROVISIONED);
        assertThat(event.position()).isEqualTo(new Position("auth.provisioned", 2, 7));
    }

    @Test
    void aSettingsChangeIsReadWithWhatChangedAndOneWrittenBeforeThatFieldExistedStillReads() throws Exception {
        FactorSettingsChanged changed = new FactorSettingsChanged("1234", "jane", PhoneFactorMethod.PHONE_CALL_STANDARD,
                "portal", TIME, List.of(FactorChange.PIN_REMOVED, FactorChange.METHOD), null);
        RecordHeaders headers = binaryHeaders("id-3", "FactorSettingsChanged", "2025-03-01T08:00:00Z");

        ReadRecord read = reader.read(record("auth.activated", headers,
                ContractJson.mapper().writeValueAsBytes(changed)));
        ReadRecord old = reader.read(record("auth.activated", binaryHeaders("id-4", "FactorSettingsChanged", null),
                bytes("{\"accountId\":\"1234\",\"userId\":\"jane\",\"method\":\"PHONE_CALL_PIN\","
                        + "\"changedBy\":\"admin-1234\",\"at\":\"2025-03-01T08:00:00Z\"}")));

        assertThat(((ReadRecord.Event) read).event().data()).isEqualTo(changed);
        assertThat(((ReadRecord.Event) old).event().data()).isEqualTo(new FactorSettingsChanged("1234", "jane",
                PhoneFactorMethod.PHONE_CALL_PIN, "admin-1234", TIME));
    }

    @Test
    void aStructuredModeRecordIsReadLikeABinaryOne() throws Exception {
        String envelope = "{\"specversion\":\"1.0\",\"id\":\"id-2\",\"source\":\"/billing\",\"type\":\"Provisioned\","
                + "\"time\":\"2025-03-01T08:00:00Z\",\"data\":" + ContractJson.mapper().writeValueAsString(PROVISIONED)
                + "}";
        RecordHeaders headers = new RecordHeaders();
        headers.add("content-type", bytes("application/cloudevents+json; charset=UTF-8"));

        ReadRecord read = reader.read(record("auth.provisioned", headers, bytes(envelope)));

        assertThat(((ReadRecord.Event) read).event().data()).isEqualTo(PROVISIONED);
    }

    @Test
    void recordsThatAreNotEventsOfTheContractAreUnreadableWithAReason() throws Exception {
        byte[] data = ContractJson.mapper().writeValueAsBytes(PROVISIONED);
        assertThat(reason(record("auth.provisioned", binaryHeaders("i", "Teleported", null), data)))
                .isEqualTo("unknown event type 'Teleported'");
        assertThat(reason(record("auth.provisioned", binaryHeaders("i", "Provisioned", null), bytes("{oops"))))
                .startsWith("data is not a Provisioned");
        assertThat(reason(record("auth.provisioned", new RecordHeaders(), data)))
                .contains("no ce_specversion header");
        assertThat(reason(record("auth.activated", binaryHeaders("i", "Provisioned", null), data)))
                .isEqualTo("Provisioned belongs on auth.provisioned, not on auth.activated");
        assertThat(reason(record("auth.provisioned", binaryHeaders("i", "Provisioned", null),
                bytes("{\"accountId\":\"1\",\"userId\":\"u\"}")))).isEqualTo("data has no 'orderId'");
    }

    @Test
    void aRecordWhoseKeyIsNotItsUsersIsUnreadableAsTheServicesRefuseIt() throws Exception {
        byte[] data = ContractJson.mapper().writeValueAsBytes(PROVISIONED);
        ConsumerRecord<byte[], byte[]> mallorys = new ConsumerRecord<>("auth.provisioned", 2, 7, TIME.toEpochMilli(),
                TimestampType.CREATE_TIME, 7, data.length, bytes("mallory"), data,
                binaryHeaders("id-5", "Provisioned", null), Optional.empty());
        ConsumerRecord<byte[], byte[]> keyless = new ConsumerRecord<>("auth.provisioned", 2, 8, TIME.toEpochMilli(),
                TimestampType.CREATE_TIME, -1, data.length, null, data, binaryHeaders("id-6", "Provisioned", null),
                Optional.empty());

        assertThat(reason(mallorys)).isEqualTo("record key 'mallory' is not the event's userId");
        assertThat(reader.read(keyless)).as("a record without a key is handled, as by the services")
                .isInstanceOf(ReadRecord.Event.class);
    }

    @Test
    void aRecordTheServicesRefuseUnreadIsUnreadableToTheAuditToo() throws Exception {
        byte[] data = ContractJson.mapper().writeValueAsBytes(PROVISIONED);
        byte[] padded = ("{\"pad\":\"" + "x".repeat(256 * 1024) + "\"," + new String(data, StandardCharsets.UTF_8)
                .substring(1)).getBytes(StandardCharsets.UTF_8);

        assertThat(reason(record("auth.provisioned", binaryHeaders("i-1", "Provisioned", null), padded)))
                .isEqualTo("record value of " + padded.length + " bytes exceeds the limit of 262144");
        assertThat(reason(record("auth.provisioned", binaryHeaders("i-2\r\nBcc: x", "Provisioned", null), data)))
                .isEqualTo("CloudEvent id has a control character");
    }

    @Test
    void anEventWithoutASourceIsUnreadableAsTheServicesRefuseIt() throws Exception {
        byte[] data = ContractJson.mapper().writeValueAsBytes(PROVISIONED);
        RecordHeaders none = binaryHeaders("i-3", "Provisioned", null);
        none.remove("ce_source");
        RecordHeaders blank = binaryHeaders("i-4", "Provisioned", null);
        blank.remove("ce_source");
        blank.add("ce_source", bytes(" "));
        String envelope = "{\"specversion\":\"1.0\",\"id\":\"i-5\",\"type\":\"Provisioned\","
                + "\"time\":\"2025-03-01T08:00:00Z\",\"data\":" + new String(data, StandardCharsets.UTF_8) + "}";
        RecordHeaders structured = new RecordHeaders();
        structured.add("content-type", bytes("application/cloudevents+json; charset=UTF-8"));

        // the services refuse each unread ("CloudEvent attribute 'ce_source' is missing"): audited, a forged
        // Activated without one would have been an activation the system never made
        assertThat(reason(record("auth.provisioned", none, data))).isEqualTo("CloudEvent has no source");
        assertThat(reason(record("auth.provisioned", blank, data))).isEqualTo("CloudEvent has no source");
        assertThat(reason(record("auth.provisioned", structured, bytes(envelope)))).isEqualTo("CloudEvent has no source");
    }

    @Test
    void dataNestedDeeperOrWithALongerNumberThanTheServicesReadIsUnreadable() throws Exception {
        String data = new String(ContractJson.mapper().writeValueAsBytes(PROVISIONED), StandardCharsets.UTF_8);
        String deep = "{\"pad\":" + "[".repeat(20) + "]".repeat(20) + "," + data.substring(1);
        String longNumber = "{\"pad\":" + "9".repeat(65) + "," + data.substring(1);
        String within = "{\"pad\":" + "[".repeat(10) + "]".repeat(10) + ",\"n\":" + "9".repeat(64) + ","
                + data.substring(1);

        // the services' codec refuses both unread (CloudEventCodec.bounded): audited, they were events
        assertThat(reason(record("auth.provisioned", binaryHeaders("d-1", "Provisioned", null), bytes(deep))))
                .startsWith("data is not a Provisioned").containsIgnoringCase("depth");
        assertThat(reason(record("auth.provisioned", binaryHeaders("d-2", "Provisioned", null), bytes(longNumber))))
                .startsWith("data is not a Provisioned").containsIgnoringCase("number");
        assertThat(reader.read(record("auth.provisioned", binaryHeaders("d-3", "Provisioned", null), bytes(within))))
                .isInstanceOf(ReadRecord.Event.class);
    }

    @Test
    void aDeadLetterKeepsTheOriginalIdPositionOrderAndReason() {
        RecordHeaders headers = binaryHeaders("id-9", "OrderPlaced", null);
        headers.add("kafka_dlt-original-topic", bytes("billing.orders"));
        headers.add("kafka_dlt-original-partition", ByteBuffer.allocate(4).putInt(1).array());
        headers.add("kafka_dlt-original-offset", ByteBuffer.allocate(8).putLong(42).array());
        headers.add("extauth-dlt-reason", bytes("email is not an e-mail address"));

        ReadRecord read = reader.read(record("billing.orders-dlt", headers, bytes("{\"orderId\":\"o-7\"}")));

        DeadLetter letter = ((ReadRecord.Dead) read).deadLetter();
        assertThat(letter.originalTopic()).isEqualTo("billing.orders");
        assertThat(letter.id()).isEqualTo("id-9");
        assertThat(letter.orderId()).isEqualTo("o-7");
        assertThat(letter.key()).isEqualTo("jane");
        assertThat(letter.original()).isEqualTo(new Position("billing.orders", 1, 42));
        assertThat(letter.reason()).isEqualTo("email is not an e-mail address");
    }

    private String reason(ConsumerRecord<byte[], byte[]> record) {
        return ((ReadRecord.Bad) reader.read(record)).unreadable().reason();
    }

    private static RecordHeaders binaryHeaders(String id, String type, String time) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_specversion", bytes("1.0"));
        headers.add("ce_id", bytes(id));
        headers.add("ce_source", bytes("/test"));
        headers.add("ce_type", bytes(type));
        if (time != null) {
            headers.add("ce_time", bytes(time));
        }
        headers.add("content-type", bytes("application/json"));
        return headers;
    }

    private static ConsumerRecord<byte[], byte[]> record(String topic, RecordHeaders headers, byte[] value) {
        return new ConsumerRecord<>(topic, 2, 7, TIME.toEpochMilli(), TimestampType.CREATE_TIME, 4, value.length,
                bytes("jane"), value, headers, Optional.empty());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
