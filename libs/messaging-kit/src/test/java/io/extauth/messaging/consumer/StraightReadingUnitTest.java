package io.extauth.messaging.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.extauth.contract.EventTypes;
import io.extauth.contract.ExtauthEvent;
import io.extauth.messaging.consumer.EventReading.Checked;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 14, third pass: event data is read straight into the contract record, and only when that gives what the old
 * path (a tree first, then converted) gives. {@code RecordOutcomesUnitTest} pins the outcome of every kind of record;
 * this shows that the straight path is the one good records take, and that whatever it takes, the old path reads the
 * same — also for thousands of records mangled at random.
 */
class StraightReadingUnitTest {

    private static final EventHandlers ALL = all();
    /** A listener for one type only: the others are checked, then not its business. */
    private static final EventHandlers ONE = EventHandlers.create().on(
            io.extauth.contract.events.OrderCancelled.class, (event, envelope) -> {
            });

    @Test
    void everyContractEventTypeAsTheKitWritesItIsReadStraight() {
        for (ExtauthEvent event : ContractSamples.ALL) {
            Checked<?> straight = EventReading.straight(ContractSamples.recordOf(event, "e-1"), ALL);
            assertThat(straight).as(event.eventType()).isNotNull();
            assertThat(straight.event()).isEqualTo(event);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"\"4.90\"|4.90", "\"o-1\"|-0", "\"o-1\"|1e2",
            "\"BILLING\",|\"BILLING\",\"channel\":\"BILLING\",",
            "\"2026-11-30T10:15:30.123456Z\"|\"2026-11-30T11:15:30.123456+01:00\"",
            "\"2026-11-30T10:15:30.123456Z\"|1796040930", "\"jane@example.com\"|null", "}|,\"extra\":[1.5]}"})
    void whatTheTreeWouldReadDifferentlyOrRefuseIsLeftToTheOldPath(String change) {
        String[] fromTo = change.split("\\|");
        ConsumerRecord<String, byte[]> written = ContractSamples.recordOf(ContractSamples.ALL.get(2), "e-1");
        String json = new String(written.value(), StandardCharsets.UTF_8);
        assertThat(json).contains(fromTo[0]);
        ConsumerRecord<String, byte[]> changed = withValue(written,
                json.replace(fromTo[0], fromTo[1]).getBytes(StandardCharsets.UTF_8));

        assertThat(EventReading.straight(changed, ALL)).isNull();
    }

    @ParameterizedTest(name = "ce_time {0}")
    @ValueSource(strings = {"2026-11-30T10:00:00Z", "2026-11-30T10:00:00.1Z", "2026-11-30T10:00:00.123456789Z",
            "1969-12-31T23:59:59.5Z", "2024-02-29T23:59:59.999Z", "2026-11-30T11:00:00+01:00",
            "2016-12-31T23:59:60Z", "2026-11-30T24:00:00Z", "2026-11-30T10:00:00.Z", "2026-11-30T10:00:00z",
            "yesterday", "", "2026-02-30T10:00:00Z", "2026-11-30T10:00:00.1234567890Z", "2026-11-3OT10:00:00Z",
            "2026-11-30T10:00:00\u00e9Z", "\uff12026-11-30T10:00:00Z"})
    void aTimeIsReadStraightAsTheOldPathReadsItOrLeftToIt(String time) {
        ConsumerRecord<String, byte[]> written = ContractSamples.recordOf(ContractSamples.ALL.get(2), "e-1");
        ConsumerRecord<String, byte[]> record = withValue(written, written.value());
        record.headers().remove(io.extauth.contract.CloudEventHeaders.TIME);
        record.headers().add(io.extauth.contract.CloudEventHeaders.TIME, time.getBytes(StandardCharsets.UTF_8));

        Checked<?> straight = EventReading.straight(record, ALL);
        java.time.Instant before;
        try {
            before = EventReading.asBefore(record, ALL).incoming().time();
        } catch (RuntimeException refused) {
            assertThat(straight).isNull();
            return;
        }
        assertThat(straight).isNotNull();
        assertThat(straight.incoming().time()).isEqualTo(before);
    }

    @Test
    void whateverTheStraightPathTakesTheOldPathReadsTheSame() {
        SplittableRandom random = new SplittableRandom(14);
        int straight = 0;
        for (int i = 0; i < 30_000; i++) {
            ExtauthEvent event = ContractSamples.ALL.get(random.nextInt(ContractSamples.ALL.size()));
            ConsumerRecord<String, byte[]> written = ContractSamples.recordOf(event, "e-" + i);
            ConsumerRecord<String, byte[]> mangled = withValue(written, mangle(written.value(), random));
            EventHandlers handlers = i % 4 == 0 ? ONE : ALL;
            Checked<?> fast = EventReading.straight(mangled, handlers);
            if (fast == null) {
                continue;
            }
            straight++;
            String what = new String(mangled.value(), StandardCharsets.UTF_8);
            assertThatCode(() -> EventReading.asBefore(mangled, handlers)).as(what).doesNotThrowAnyException();
            Checked<?> before = EventReading.asBefore(mangled, handlers);
            assertThat(fast.event()).as(what).isEqualTo(before.event());
            assertThat(fast.handler()).as(what).isSameAs(before.handler());
            assertThat(fast.incoming().data()).as(what).isEqualTo(before.incoming().data());
            assertThat(fast.incoming().id()).isEqualTo(before.incoming().id());
            assertThat(fast.incoming().type()).isEqualTo(before.incoming().type());
            assertThat(fast.incoming().source()).isEqualTo(before.incoming().source());
            assertThat(fast.incoming().time()).isEqualTo(before.incoming().time());
            assertThat(fast.incoming().subject()).isEqualTo(before.incoming().subject());
        }
        assertThat(straight).as("mangled records still read straight").isGreaterThan(1_000);
    }

    /** One to three random edits: a byte dropped, replaced or inserted, from what JSON is made of and worse. */
    private static byte[] mangle(byte[] value, SplittableRandom random) {
        byte[] alphabet = "{}[]\":,.-+eE0123456789 tfnulrae\\u00\t\n".getBytes(StandardCharsets.UTF_8);
        byte[] result = value;
        for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
            int at = random.nextInt(result.length);
            byte b = random.nextInt(10) == 0 ? (byte) random.nextInt(256) : alphabet[random.nextInt(alphabet.length)];
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(result, 0, at);
            switch (random.nextInt(4)) {
                case 0 -> out.write(result, at + 1, result.length - at - 1);
                case 1 -> {
                    out.write(b);
                    out.write(result, at + 1, result.length - at - 1);
                }
                case 2 -> {
                    out.write(b);
                    out.write(result, at, result.length - at);
                }
                default -> {
                    // a stretch repeated: a field twice, a value doubled
                    int length = Math.min(result.length - at, 1 + random.nextInt(40));
                    out.write(result, at, length);
                    out.write(result, at, result.length - at);
                }
            }
            result = out.toByteArray();
            if (result.length == 0) {
                return result;
            }
        }
        return result;
    }

    private static ConsumerRecord<String, byte[]> withValue(ConsumerRecord<String, byte[]> record, byte[] value) {
        ConsumerRecord<String, byte[]> changed = new ConsumerRecord<>(record.topic(), record.partition(),
                record.offset(), record.key(), value);
        record.headers().forEach(header -> changed.headers().add(header));
        return changed;
    }

    private static EventHandlers all() {
        EventHandlers handlers = EventHandlers.create();
        for (String name : EventTypes.names()) {
            register(handlers, EventTypes.classOf(name).orElseThrow());
        }
        return handlers;
    }

    private static <E extends ExtauthEvent> void register(EventHandlers handlers, Class<E> type) {
        handlers.on(type, (event, envelope) -> {
        });
    }
}
