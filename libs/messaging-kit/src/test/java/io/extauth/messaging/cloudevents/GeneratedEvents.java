package io.extauth.messaging.cloudevents;

import io.extauth.contract.EventTypes;
import io.extauth.contract.ExtauthEvent;
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

/** Events of every contract type with generated values, and their JSON mangled at random, for the pin tests. */
final class GeneratedEvents {

    static final List<Class<? extends ExtauthEvent>> TYPES = EventTypes.names().stream()
            .<Class<? extends ExtauthEvent>>map(name -> EventTypes.classOf(name).orElseThrow()).toList();

    private GeneratedEvents() {
    }

    /** One event of the type with plain values (ASCII, no nulls but the last {@code @Nullable} ones). */
    static ExtauthEvent plain(Class<? extends ExtauthEvent> type) {
        SplittableRandom random = new SplittableRandom(type.getName().hashCode());
        return construct(type, component -> value(component.getType(), component.getGenericType(), random, true));
    }

    static ExtauthEvent generated(Class<? extends ExtauthEvent> type, SplittableRandom random) {
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

    interface Values {
        @Nullable Object of(RecordComponent component);
    }

    static <E> E construct(Class<E> type, Values values) {
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

    static @Nullable Object value(Class<?> type, Type generic, SplittableRandom random, boolean plain) {
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
    static String text(SplittableRandom random) {
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

    /** One to three random edits: a character dropped, replaced or inserted, or a stretch repeated or dropped. */
    static String mangle(String json, SplittableRandom random) {
        String alphabet = "{}[]\":,.-+eE0123456789 tfnulrae\\u00\t\n\u00e9\uD800";
        StringBuilder result = new StringBuilder(json);
        for (int edits = 1 + random.nextInt(3); edits > 0 && !result.isEmpty(); edits--) {
            int at = random.nextInt(result.length());
            char c = alphabet.charAt(random.nextInt(alphabet.length()));
            switch (random.nextInt(5)) {
                case 0 -> result.deleteCharAt(at);
                case 4 -> result.delete(at, Math.min(result.length(), at + 1 + random.nextInt(40)));
                case 1 -> result.setCharAt(at, c);
                case 2 -> result.insert(at, c);
                default -> result.insert(at, result.substring(at, Math.min(result.length(),
                        at + 1 + random.nextInt(40))));
            }
        }
        return result.toString();
    }
}
