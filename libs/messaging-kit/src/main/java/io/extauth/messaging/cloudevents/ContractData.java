package io.extauth.messaging.cloudevents;

import io.extauth.contract.ContractJson;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.SerializableString;
import tools.jackson.core.sym.PropertyNameMatcher;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.core.util.JsonParserDelegate;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.SettableBeanProperty;
import tools.jackson.databind.deser.ValueInstantiator;
import tools.jackson.databind.deser.ValueInstantiators;
import tools.jackson.databind.deser.bean.PropertyValueBuffer;
import tools.jackson.databind.deser.std.StdValueInstantiator;
import tools.jackson.databind.introspect.AnnotatedConstructor;
import tools.jackson.databind.module.SimpleModule;

/**
 * Event data read straight into its contract record, without a {@code JsonNode} first (issue 14: the tree and its
 * conversion were the largest part of reading a record). Data in the kit's flat shape is read by hand
 * ({@link FlatData}); the rest through Jackson's streaming parser and data binding, as follows. It reads only what it
 * can read exactly as {@link CloudEventCodec#read} followed by a conversion of the tree would, and answers null for
 * anything else, so the caller takes that path and a bad record keeps its reason to the letter:
 * <ul>
 * <li>the same parser limits, and every string and number is decoded as the tree decodes them, unknown fields too
 * (invalid UTF-8, a number too long is refused, not skipped);</li>
 * <li>no fraction or exponent anywhere, and no {@code -0}: the tree keeps a number as a {@code double} or an
 * {@code int}, so {@code 4.90} became {@code 4.9} and {@code -0} became {@code "0"} — read from the text they would
 * come out otherwise;</li>
 * <li>no field twice (the tree keeps the last one), told by a list per object: Jackson's own duplicate detection
 * allocated a hash set per object, a sixth of what reading a record allocated;</li>
 * <li>times only in the form the kit writes ({@code Instant.toString}), read by {@link CloudEventTime} instead of
 * Jackson's formatter (a sixth of the conversion's CPU); any other form takes the old path;</li>
 * <li>every number ({@code int}) of the record given, and not null: Jackson would make it 0;</li>
 * <li>the record built by its constructor directly: Jackson 3 calls it through
 * {@code MethodHandle.invokeWithArguments}, which builds a spreader on every call (a tenth of the CPU).</li>
 * </ul>
 */
public final class ContractData {

    // buffers recycled per thread (Jackson 2's way; consumer threads live long), not through Jackson 3's default
    // concurrent deque, which allocates a node on every release
    // a number (int) left out or given as null is not read as 0 here, as the contract's mapper reads it: the old
    // path names the field as missing
    private static final ObjectMapper STRICT = ContractJson.builder(CloudEventCodec.bounded()
                    .recyclerPool(JsonRecyclerPools.threadLocalPool()).build())
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .addModule(new StraightModule())
            .build();

    private static final ClassValue<ObjectReader> READERS = new ClassValue<>() {
        @Override
        protected ObjectReader computeValue(Class<?> type) {
            return STRICT.readerFor(type);
        }
    };

    /** Thrown inside the parse to leave it; never seen outside this class. */
    private static final RuntimeException NOT_HERE = new RuntimeException("not on the fast path", null, false, false) {
    };

    private ContractData() {
    }

    /** The {@code type} that {@code value} holds, or null when it must be read the old way (or is no such thing). */
    public static <E> @Nullable E readOrNull(byte[] value, Class<E> type) {
        E flat = FlatData.readOrNull(value, type);
        if (flat != null) {
            return flat;
        }
        return straight(() -> STRICT.createParser(value), type);
    }

    /**
     * The {@code type} that the text {@code value} holds, or null when it must be read the old way: as
     * {@link #readOrNull(byte[], Class)}, over the characters themselves (no encoding to UTF-8, which would turn a lone
     * surrogate into {@code ?}).
     */
    public static <E> @Nullable E readOrNull(String value, Class<E> type) {
        if (isAscii(value)) {
            E flat = FlatData.readOrNull(value.getBytes(StandardCharsets.US_ASCII), type);
            if (flat != null) {
                return flat;
            }
        }
        return straight(() -> STRICT.createParser(value), type);
    }

    /** Jackson's straight path over the parser {@code open} gives: the value, or null when it is not for this path. */
    private static <E> @Nullable E straight(Supplier<JsonParser> open, Class<E> type) {
        try (JsonParser parser = new Checked(open.get())) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            return READERS.get(type).readValue(parser);
        } catch (RuntimeException notHere) {
            return null;
        }
    }

    private static boolean isAscii(String value) {
        for (int i = 0, length = value.length(); i < length; i++) {
            if (value.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code value} is a JSON object the old path reads without complaint; false when it must be asked. */
    public static boolean isObject(byte[] value) {
        try (JsonParser parser = new Checked(STRICT.createParser(value))) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            parser.skipChildren();
            return parser.currentToken() == JsonToken.END_OBJECT;
        } catch (RuntimeException notHere) {
            return false;
        }
    }

    /**
     * Decodes every value as it passes, as building a tree does, and leaves on any token the tree would read
     * differently. Every method that moves to the next token is here, so none passes unchecked.
     */
    private static final class Checked extends JsonParserDelegate {

        /** The names of each open object (by nesting depth), to refuse a name seen twice in one. */
        private final String[][] names = new String[CloudEventCodec.MAX_DEPTH + 2][];
        private final int[] counts = new int[CloudEventCodec.MAX_DEPTH + 2];
        private int depth = -1;

        Checked(JsonParser parser) {
            super(parser);
        }

        @Override
        public @Nullable JsonToken nextToken() {
            return checked(delegate.nextToken());
        }

        @Override
        public @Nullable JsonToken nextValue() {
            return checked(delegate.nextValue());
        }

        @Override
        public @Nullable String nextName() {
            String name = delegate.nextName();
            checked(delegate.currentToken());
            return name;
        }

        @Override
        public boolean nextName(SerializableString name) {
            boolean matched = delegate.nextName(name);
            checked(delegate.currentToken());
            return matched;
        }

        @Override
        public int nextNameMatch(PropertyNameMatcher matcher) {
            int match = delegate.nextNameMatch(matcher);
            checked(delegate.currentToken());
            return match;
        }

        @Override
        public @Nullable String nextStringValue() {
            String text = delegate.nextStringValue();
            checked(delegate.currentToken());
            return text;
        }

        @Override
        public int nextIntValue(int defaultValue) {
            int number = delegate.nextIntValue(defaultValue);
            checked(delegate.currentToken());
            return number;
        }

        @Override
        public long nextLongValue(long defaultValue) {
            long number = delegate.nextLongValue(defaultValue);
            checked(delegate.currentToken());
            return number;
        }

        @Override
        public @Nullable Boolean nextBooleanValue() {
            Boolean value = delegate.nextBooleanValue();
            checked(delegate.currentToken());
            return value;
        }

        /** Unknown fields: walked token by token, each decoded, as the tree reads them. */
        @Override
        public JsonParser skipChildren() {
            JsonToken token = delegate.currentToken();
            if (token != JsonToken.START_OBJECT && token != JsonToken.START_ARRAY) {
                return this;
            }
            for (int open = 1; open > 0; ) {
                JsonToken next = nextToken();
                if (next == null) {
                    throw NOT_HERE;
                }
                if (next.isStructStart()) {
                    open++;
                } else if (next.isStructEnd()) {
                    open--;
                }
            }
            return this;
        }

        private @Nullable JsonToken checked(@Nullable JsonToken token) {
            if (token == null) {
                return null;
            }
            switch (token) {
                case START_OBJECT, START_ARRAY -> {
                    if (++depth >= counts.length) {
                        throw NOT_HERE;
                    }
                    counts[depth] = 0;
                }
                case END_OBJECT, END_ARRAY -> depth--;
                case PROPERTY_NAME -> once(delegate.currentName());
                case VALUE_STRING -> delegate.getString();
                case VALUE_NUMBER_INT -> {
                    delegate.getNumberValue();
                    if (isMinusZero()) {
                        throw NOT_HERE;
                    }
                }
                case VALUE_NUMBER_FLOAT, VALUE_EMBEDDED_OBJECT, NOT_AVAILABLE -> throw NOT_HERE;
                default -> {
                }
            }
            return token;
        }

        private void once(String name) {
            String[] seen = names[depth];
            int count = counts[depth];
            for (int i = 0; i < count; i++) {
                if (name.equals(seen[i])) {
                    throw NOT_HERE;
                }
            }
            if (seen == null || count == seen.length) {
                seen = seen == null ? new String[16] : Arrays.copyOf(seen, count * 2);
                names[depth] = seen;
            }
            seen[count] = name;
            counts[depth] = count + 1;
        }

        private boolean isMinusZero() {
            if (delegate.getTextLength() != 2) {
                return false;
            }
            char[] text = delegate.getTextCharacters();
            int at = delegate.getTextOffset();
            return text[at] == '-' && text[at + 1] == '0';
        }
    }

    /** Times in the kit's form only, and records built by their constructors. */
    private static final class StraightModule extends SimpleModule {

        StraightModule() {
            super("extauth-straight");
            addDeserializer(Instant.class, new KitInstants());
        }

        @Override
        public void setupModule(SetupContext context) {
            super.setupModule(context);
            context.addValueInstantiators(new ValueInstantiators.Base() {
                @Override
                public ValueInstantiator modifyValueInstantiator(DeserializationConfig config,
                        BeanDescription.Supplier description, ValueInstantiator instantiator) {
                    return instantiator instanceof StdValueInstantiator standard
                            && standard.getWithArgsCreator() instanceof AnnotatedConstructor creator
                            && creator.getDeclaringClass().isRecord()
                            ? new ByConstructor(instantiator, creator.getAnnotated()) : instantiator;
                }
            });
        }
    }

    /** Calls the record's constructor with the arguments Jackson gathered, as Jackson would, minus the spreader. */
    private static final class ByConstructor extends ValueInstantiator.Delegating {

        private final Constructor<?> constructor;

        ByConstructor(ValueInstantiator standard, Constructor<?> constructor) {
            super(standard);
            this.constructor = constructor;
        }

        @Override
        public Object createFromObjectWith(DeserializationContext context, Object[] arguments) {
            try {
                return constructor.newInstance(arguments);
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw NOT_HERE;
            }
        }

        @Override
        public Object createFromObjectWith(DeserializationContext context, SettableBeanProperty[] properties,
                PropertyValueBuffer buffer) {
            return createFromObjectWith(context, buffer.getParameters(context, properties));
        }
    }

    /** Times in the kit's own form only; anything else leaves for the old path, which reads it as it always has. */
    private static final class KitInstants extends ValueDeserializer<Instant> {

        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) {
            if (parser.currentToken() == JsonToken.VALUE_STRING) {
                Instant at = CloudEventTime.utcOrNull(parser.getString());
                if (at != null) {
                    return at;
                }
            }
            throw NOT_HERE;
        }
    }
}
