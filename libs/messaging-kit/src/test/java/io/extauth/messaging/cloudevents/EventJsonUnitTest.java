package io.extauth.messaging.cloudevents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.extauth.contract.ContractJson;
import io.extauth.contract.EventTypes;
import io.extauth.contract.ExtauthEvent;
import io.extauth.contract.events.EmailSent;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, fifth pass: the outbox and the mail queue write an event's data by hand, and read it back straight. Both
 * are pinned to Jackson, which they replace: the same text for every contract type, for generated values and for
 * every character; the same event, or the same error, for stored text, also mangled at random.
 */
class EventJsonUnitTest {

    private static final List<Class<? extends ExtauthEvent>> TYPES = EventTypes.names().stream()
            .<Class<? extends ExtauthEvent>>map(name -> EventTypes.classOf(name).orElseThrow()).toList();

    @Test
    void everyContractEventTypeIsWrittenByHand() {
        assertThat(TYPES).hasSize(14);
        for (Class<? extends ExtauthEvent> type : TYPES) {
            assertThat(EventJson.writtenByHand(type)).as(type.getSimpleName()).isTrue();
        }
    }

    @Test
    void generatedEventsOfEveryTypeAreWrittenAsJacksonWritesThem() {
        SplittableRandom random = new SplittableRandom(14);
        for (int i = 0; i < 40_000; i++) {
            ExtauthEvent event = generated(TYPES.get(i % TYPES.size()), random);
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
            ExtauthEvent event = generated(type, random);
            String json = EventJson.write(event);
            Object straight = ContractData.readOrNull(json, type);
            Object before = ContractJson.mapper().readValue(json, type);
            if (straight != null) {
                assertThat(straight).as(json).isEqualTo(before);
            }
            assertThat(EventJson.read(json, type)).as(json).isEqualTo(before);
        }
        for (Class<? extends ExtauthEvent> type : TYPES) {
            String json = EventJson.write(plain(type));
            assertThat(ContractData.readOrNull(json, type)).as(json).isNotNull();
        }
    }

    @Test
    void mangledStoredTextIsReadAsJacksonReadsItOrRefusedWithTheSameError() {
        SplittableRandom random = new SplittableRandom(16);
        int straight = 0;
        for (int i = 0; i < 40_000; i++) {
            Class<? extends ExtauthEvent> type = TYPES.get(random.nextInt(TYPES.size()));
            ExtauthEvent event = i % 2 == 0 ? plain(type) : generated(type, random);
            String json = mangle(EventJson.write(event), random);
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

    /** One event of the type with plain values (ASCII, no nulls but the last {@code @Nullable} ones). */
    private static ExtauthEvent plain(Class<? extends ExtauthEvent> type) {
        SplittableRandom random = new SplittableRandom(type.getName().hashCode());
        return construct(type, component -> value(component.getType(), component.getGenericType(), random, true));
    }

    private static ExtauthEvent generated(Class<? extends ExtauthEvent> type, SplittableRandom random) {
        for (int attempt = 0; ; attempt++) {
            boolean plain = attempt > 3;
            try {
                return construct(type, component -> random.nextInt(8) == 0 && !component.getType().isPrimitive()
                        ? null : value(component.getType(), component.getGenericType(), random, plain));
            } catch (IllegalArgumentException refusedByTheRecord) {
                // e.g. List.copyOf refusing a null element: generate again
            }
        }
    }

    private interface Values {
        @Nullable Object of(RecordComponent component);
    }

    private static <E> E construct(Class<E> type, Values values) {
        RecordComponent[] components = type.getRecordComponents();
        Object[] arguments = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            arguments[i] = values.of(components[i]);
            types[i] = components[i].getType();
        }
        try {
            Constructor<E> constructor = type.getDeclaredConstructor(types);
            constructor.setAccessible(true);
            return constructor.newInstance(arguments);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw new IllegalArgumentException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static @Nullable Object value(Class<?> type, Type generic, SplittableRandom random, boolean plain) {
        if (type == String.class) {
            return plain ? "v" + random.nextInt(1000) : text(random);
        }
        if (type.isEnum()) {
            Object[] constants = type.getEnumConstants();
            return constants[random.nextInt(constants.length)];
        }
        if (type == Instant.class) {
            long seconds = plain ? 1_796_000_000L + random.nextInt(1_000_000)
                    : random.nextLong(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond());
            int nanos = switch (random.nextInt(4)) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            return Instant.ofEpochSecond(seconds, nanos);
        }
        if (type == BigDecimal.class) {
            return plain ? new BigDecimal("4.99") : new BigDecimal(BigInteger.valueOf(random.nextLong()),
                    random.nextInt(-12, 20));
        }
        if (type == int.class || type == Integer.class) {
            return plain ? random.nextInt(10) : random.nextInt();
        }
        if (type == boolean.class || type == Boolean.class) {
            return random.nextBoolean();
        }
        if (type == List.class) {
            Type element = ((ParameterizedType) generic).getActualTypeArguments()[0];
            Class<?> elementType = (Class<?>) element;
            List<Object> list = new ArrayList<>();
            for (int n = random.nextInt(4); n > 0; n--) {
                list.add(!plain && random.nextInt(10) == 0 ? null : elementType.isRecord()
                        ? construct(elementType, component -> value(component.getType(),
                                component.getGenericType(), random, plain))
                        : value(elementType, elementType, random, plain));
            }
            return list;
        }
        throw new IllegalStateException("no values of " + type + " here: add them");
    }

    /** Text from ASCII, escapes, controls, non-ASCII, paired and lone surrogates, and now and then empty. */
    private static String text(SplittableRandom random) {
        String[] pieces = {"a", "Z", "0", " ", "\"", "\\", "/", "\n", "\r", "\t", "\b", "\f", "\u0000", "\u001f",
            "\u007f", "\u0080", "\u00e9", "\u2028", "\uffff", "\uD83D\uDE00", "\uD800", "\uDFFF", "<", ">", "&",
            "'", "jane@example.com", "+1 ***-***-1234"};
        StringBuilder text = new StringBuilder();
        for (int n = random.nextInt(12); n > 0; n--) {
            text.append(random.nextInt(3) == 0 ? pieces[random.nextInt(pieces.length)]
                    : String.valueOf((char) random.nextInt(0x20, 0x7f)));
        }
        return text.toString();
    }

    /** One to three random edits: a character dropped, replaced or inserted, or a stretch repeated. */
    private static String mangle(String json, SplittableRandom random) {
        String alphabet = "{}[]\":,.-+eE0123456789 tfnulrae\\u00\t\n\u00e9\uD800";
        StringBuilder result = new StringBuilder(json);
        for (int edits = 1 + random.nextInt(3); edits > 0 && !result.isEmpty(); edits--) {
            int at = random.nextInt(result.length());
            char c = alphabet.charAt(random.nextInt(alphabet.length()));
            switch (random.nextInt(4)) {
                case 0 -> result.deleteCharAt(at);
                case 1 -> result.setCharAt(at, c);
                case 2 -> result.insert(at, c);
                default -> result.insert(at, result.substring(at, Math.min(result.length(),
                        at + 1 + random.nextInt(40))));
            }
        }
        return result.toString();
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
