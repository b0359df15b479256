package io.extauth.messaging.cloudevents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.extauth.contract.ContractJson;
import io.extauth.contract.ExtauthEvent;
import io.extauth.contract.events.EmailSent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, fifth pass: the outbox and the mail queue write an event's data by hand, and read it back straight. Both
 * are pinned to Jackson, which they replace: the same text for every contract type, for generated values and for
 * every character; the same event, or the same error, for stored text, also mangled at random.
 */
class EventJsonUnitTest {

    private static final List<Class<? extends ExtauthEvent>> TYPES = GeneratedEvents.TYPES;

    @Test
    void everyContractEventTypeIsWrittenByHand() {
        assertThat(TYPES).hasSize(15);
        for (Class<? extends ExtauthEvent> type : TYPES) {
            assertThat(EventJson.writtenByHand(type)).as(type.getSimpleName()).isTrue();
        }
    }

    @Test
    void generatedEventsOfEveryTypeAreWrittenAsJacksonWritesThem() {
        SplittableRandom random = new SplittableRandom(14);
        for (int i = 0; i < 40_000; i++) {
            ExtauthEvent event = GeneratedEvents.generated(TYPES.get(i % TYPES.size()), random);
            assertThat(EventJson.write(event)).as(event.toString()).isEqualTo(jackson(event));
        }
    }

    @Test
    void everyCharacterIsWrittenAsJacksonWritesIt() {
        for (int c = 0; c <= Character.MAX_VALUE; c++) {
            String text = "a" + (char) c + "b" + (char) c;
            EmailSent event = new EmailSent("1", text, null, "t", "m", text, Instant.EPOCH);
            assertThat(EventJson.write(event)).as("U+%04X", c).isEqualTo(jackson(event));
        }
        String pairs = "\uD83D\uDE00 \uDBFF\uDFFF \uD800 \uDC00 \uDC00\uD800 \u2028\u2029 \u007F \u0080 \u00e9";
        EmailSent event = new EmailSent("1", pairs, null, "t", "m", "x", Instant.EPOCH);
        assertThat(EventJson.write(event)).isEqualTo(jackson(event));
    }

    @Test
    void aTypeWithAnythingJacksonWouldWriteDifferentlyIsLeftToJackson() {
        List<ExtauthEvent> events = List.of(new Renamed("1", "u"), new WithGetter("1", "u"),
                new NumberFee("1", "u", new BigDecimal("4.90")), new Patterned("1", "u", new BigDecimal("4.90")),
                new OddEnum("1", "u", Odd.PLAIN));
        for (ExtauthEvent event : events) {
            assertThat(EventJson.writtenByHand(event.getClass())).as(event.toString()).isFalse();
            assertThat(EventJson.write(event)).isEqualTo(jackson(event));
        }
        assertThat(EventJson.write(new Renamed("1", "u"))).isEqualTo("{\"accountId\":\"1\",\"user\":\"u\"}");
    }

    @Test
    void storedEventsOfEveryTypeAreReadStraightAsJacksonReadsThem() {
        SplittableRandom random = new SplittableRandom(15);
        for (int i = 0; i < 14_000; i++) {
            Class<? extends ExtauthEvent> type = TYPES.get(i % TYPES.size());
            ExtauthEvent event = GeneratedEvents.generated(type, random);
            String json = EventJson.write(event);
            Object straight = ContractData.readOrNull(json, type);
            Object before = ContractJson.mapper().readValue(json, type);
            if (straight != null) {
                assertThat(straight).as(json).isEqualTo(before);
            }
            assertThat(EventJson.read(json, type)).as(json).isEqualTo(before);
        }
        for (Class<? extends ExtauthEvent> type : TYPES) {
            String json = EventJson.write(GeneratedEvents.plain(type));
            assertThat(ContractData.readOrNull(json, type)).as(json).isNotNull();
        }
    }

    @Test
    void mangledStoredTextIsReadAsJacksonReadsItOrRefusedWithTheSameError() {
        SplittableRandom random = new SplittableRandom(16);
        int straight = 0;
        for (int i = 0; i < 40_000; i++) {
            Class<? extends ExtauthEvent> type = TYPES.get(random.nextInt(TYPES.size()));
            ExtauthEvent event = i % 2 == 0 ? GeneratedEvents.plain(type) : GeneratedEvents.generated(type, random);
            String json = GeneratedEvents.mangle(EventJson.write(event), random);
            Object before;
            try {
                before = ContractJson.mapper().readValue(json, type);
            } catch (RuntimeException refused) {
                assertThat(ContractData.readOrNull(json, type)).as(json).isNull();
                try {
                    EventJson.read(json, type);
                } catch (RuntimeException same) {
                    assertThat(same).as(json).hasSameClassAs(refused).hasMessage(refused.getMessage());
                    continue;
                }
                throw new AssertionError("read, though Jackson refused: " + json);
            }
            if (ContractData.readOrNull(json, type) != null) {
                straight++;
            }
            assertThat(EventJson.read(json, type)).as(json).isEqualTo(before);
        }
        assertThat(straight).as("mangled text still read straight").isGreaterThan(5_000);
    }

    private static String jackson(Object event) {
        return ContractJson.mapper().writeValueAsString(event);
    }

    record Renamed(String accountId, @JsonProperty("user") String userId) implements ExtauthEvent {
    }

    record WithGetter(String accountId, String userId) implements ExtauthEvent {

        public String getExtra() {
            return "extra";
        }
    }

    record NumberFee(String accountId, String userId, BigDecimal fee) implements ExtauthEvent {
    }

    record Patterned(String accountId, String userId,
            @JsonFormat(shape = JsonFormat.Shape.STRING, pattern = "0.0") BigDecimal fee) implements ExtauthEvent {
    }

    enum Odd {
        @JsonProperty("plain") PLAIN
    }

    record OddEnum(String accountId, String userId, Odd odd) implements ExtauthEvent {
    }
}
