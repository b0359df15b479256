package io.extauth.messaging.cloudevents;

import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Event data read by hand where it has the flat shape the kit writes (issue 14, fifth pass: Jackson's parse and data
 * binding were still half of reading a record): one object of the record's own fields, each once, in any order, with
 * names and strings of printable ASCII without escapes, ints of up to nine digits, {@code true}/{@code false}/
 * {@code null}, times in the kit's form, the fee as a plain decimal string, lists of enum names. Anything else —
 * an unknown field, an escape, a non-ASCII byte, a fraction, a missing or null {@code int}, trailing content, a type
 * with another kind of component — is "not here" (null), and {@link ContractData} reads it as before. What is read
 * here is what Jackson reads: {@code StraightReadingUnitTest} and {@code RecordOutcomesUnitTest} compare it with the
 * old path, {@code FlatDataUnitTest} with Jackson's data binding over generated and mangled data.
 *
 * <p>Public for one other reader of the same shape: the operators' audit ({@code tools/audit}) reads every event of
 * a history with it (issue 14, sixth pass: it had its own copy), keeping one instance of each repeated string
 * ({@link Texts}); what this leaves it reads with its own parser, as the kit does.
 */
public final class FlatData {

    /** What is kept of each string component read: the text as read, or an equal instance the caller already holds. */
    @FunctionalInterface
    public interface Texts {

        /** Each text as read. */
        Texts AS_READ = (component, text) -> text;

        /** The string to keep for {@code text}, read for the record component named {@code component}. */
        String keep(String component, String text);
    }

    private static final ClassValue<@Nullable Shape> SHAPES = new ClassValue<>() {
        @Override
        protected @Nullable Shape computeValue(Class<?> type) {
            return Shape.of(type);
        }
    };

    /** A value that cannot be read here. */
    private static final Object NOT_HERE = new Object();

    private final byte[] json;
    /** Where the document ends in {@code json}: it may be a slice of a larger array (a record in a fetch's bytes). */
    private final int end;
    private final Texts texts;
    private int at;

    private FlatData(byte[] json, int offset, int length, Texts texts) {
        this.json = json;
        this.at = offset;
        this.end = offset + length;
        this.texts = texts;
    }

    /** The record, or null when it must be read by Jackson. */
    static <E> @Nullable E readOrNull(byte[] json, Class<E> type) {
        return readOrNull(json, type, Texts.AS_READ);
    }

    /**
     * The record, each string component as {@code texts} keeps it, or null when it is not in the flat shape read
     * here (then read it as Jackson would).
     */
    public static <E> @Nullable E readOrNull(byte[] json, Class<E> type, Texts texts) {
        return readOrNull(json, 0, json.length, type, texts);
    }

    /**
     * The same for the document in {@code json[offset, offset + length)}, read in place: the audit reads each record's
     * value where the consumer fetched it, without copying it out first (issue 14, seventh pass). Nothing outside that
     * range is looked at.
     */
    public static <E> @Nullable E readOrNull(byte[] json, int offset, int length, Class<E> type, Texts texts) {
        if (offset < 0 || length < 0 || offset > json.length - length) {
            throw new IndexOutOfBoundsException("offset " + offset + ", length " + length + " of " + json.length);
        }
        Shape shape = SHAPES.get(type);
        if (shape == null) {
            return null;
        }
        Object[] arguments = new FlatData(json, offset, length, texts).read(shape);
        if (arguments == null) {
            return null;
        }
        try {
            return type.cast(shape.constructor().newInstance(arguments));
        } catch (ReflectiveOperationException | RuntimeException refused) {
            return null;
        }
    }

    /** Whether the type is read here (for the tests). */
    static boolean readsHere(Class<?> type) {
        return SHAPES.get(type) != null;
    }

    private Object @Nullable [] read(Shape shape) {
        Part[] parts = shape.parts();
        Object[] arguments = new Object[parts.length];
        boolean[] seen = new boolean[parts.length];
        if (next() != '{') {
            return null;
        }
        at++;
        if (next() == '}') {
            at++;
            return end(parts, arguments, seen);
        }
        int expected = 0;
        while (true) {
            if (next() != '"') {
                return null;
            }
            int nameStart = ++at;
            int nameEnd = endOfString();
            if (nameEnd < 0 || next() != ':') {
                return null;
            }
            at++;
            int field = field(parts, nameStart, nameEnd, expected);
            if (field < 0 || seen[field]) {
                return null; // an unknown field, or one twice: left to Jackson
            }
            seen[field] = true;
            Object value = value(parts[field]);
            if (value == NOT_HERE) {
                return null;
            }
            arguments[field] = value;
            expected = field + 1;
            int separator = next();
            at++;
            if (separator == '}') {
                return end(parts, arguments, seen);
            }
            if (separator != ',') {
                return null;
            }
        }
    }

    /** After the object: only whitespace, and every {@code int} given (Jackson would make a missing one 0). */
    private Object @Nullable [] end(Part[] parts, Object[] arguments, boolean[] seen) {
        if (next() != -1) {
            return null;
        }
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].kind() == Kind.INT && arguments[i] == null) {
                return null;
            }
        }
        return arguments;
    }

    /**
     * The component named by {@code json[start, stop)}, -1 for none. The kit writes the components in their order, so
     * the one after the last is tried first (issue 14, eighth pass: the search was ~5% of the audit's reading).
     */
    private int field(Part[] parts, int start, int stop, int expected) {
        if (expected < parts.length) {
            byte[] name = parts[expected].name();
            if (Arrays.equals(name, 0, name.length, json, start, stop)) {
                return expected;
            }
        }
        for (int i = 0; i < parts.length; i++) {
            byte[] name = parts[i].name();
            if (Arrays.equals(name, 0, name.length, json, start, stop)) {
                return i;
            }
        }
        return -1;
    }

    private @Nullable Object value(Part part) {
        int c = next();
        if (c == 'n') {
            return literal("null") ? null : NOT_HERE; // null, also for an int: then refused at the end
        }
        switch (part.kind()) {
            case STRING -> {
                String text = c == '"' ? string() : null;
                return text == null ? NOT_HERE : texts.keep(part.component(), text);
            }
            case ENUM, INSTANT -> {
                // read from the bytes, no string: a name or a time is only looked up or parsed (issue 14, eleventh
                // pass: a string made, hashed and dropped per name, and each time read through String.charAt, were
                // ~15% of this reader's samples in the audit)
                if (c != '"') {
                    return NOT_HERE;
                }
                int start = ++at;
                int close = endOfString();
                if (close < 0) {
                    return NOT_HERE;
                }
                return orNotHere(part.kind() == Kind.ENUM ? part.constants().named(json, start, close)
                        : CloudEventTime.utcOrNull(json, start, close));
            }
            case DECIMAL_AS_STRING -> {
                String text = c == '"' ? string() : null;
                return text != null && plainDecimal(text) ? new BigDecimal(text) : NOT_HERE;
            }
            case INT -> {
                return integer();
            }
            case BOOLEAN -> {
                return c == 't' && literal("true") ? Boolean.TRUE : c == 'f' && literal("false") ? Boolean.FALSE
                        : NOT_HERE;
            }
            default -> {
                return c == '[' ? enumList(part.constants()) : NOT_HERE;
            }
        }
    }

    private static Object orNotHere(@Nullable Object value) {
        return value == null ? NOT_HERE : value;
    }

    private Object enumList(Constants constants) {
        at++;
        List<Object> list = new ArrayList<>();
        if (next() == ']') {
            at++;
            return list;
        }
        while (true) {
            Object constant = null;
            if (next() == '"') {
                int start = ++at;
                int close = endOfString();
                constant = close < 0 ? null : constants.named(json, start, close);
            }
            if (constant == null) {
                return NOT_HERE;
            }
            list.add(constant);
            int separator = next();
            at++;
            if (separator == ']') {
                return list;
            }
            if (separator != ',') {
                return NOT_HERE;
            }
        }
    }

    /** A string at {@code at} (its opening quote), or null when it is not a simple one. */
    private @Nullable String string() {
        int start = ++at;
        int close = endOfString();
        // printable ASCII only: ISO-8859-1 decodes it as UTF-8 does, straight into a compact string
        return close < 0 ? null : new String(json, start, close - start, StandardCharsets.ISO_8859_1);
    }

    /** Past the closing quote of a string of printable ASCII without escapes; -1 for any other string. */
    private int endOfString() {
        byte[] json = this.json; // locals: C1, which the audit runs under, reloads fields on every turn of a loop
        int end = this.end;
        for (int i = at; i < end; i++) {
            byte b = json[i];
            if (b == '"') {
                at = i + 1;
                return i;
            }
            if (b < 0x20 || b > 0x7E || b == '\\') {
                return -1;
            }
        }
        return -1;
    }

    /** An int of up to nine digits, without a sign on zero or leading zeros, ended as a JSON number ends. */
    private Object integer() {
        int i = at;
        boolean negative = i < end && json[i] == '-';
        if (negative) {
            i++;
        }
        int start = i;
        int value = 0;
        while (i < end && json[i] >= '0' && json[i] <= '9' && i - start < 10) {
            value = value * 10 + (json[i] - '0');
            i++;
        }
        int digits = i - start;
        if (digits == 0 || digits > 9 || (json[start] == '0' && (digits > 1 || negative)) || !endsValue(i)) {
            return NOT_HERE;
        }
        at = i;
        return negative ? -value : value;
    }

    private boolean literal(String word) {
        int after = at + word.length();
        if (after > end) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            if (json[at + i] != word.charAt(i)) {
                return false;
            }
        }
        if (!endsValue(after)) {
            return false;
        }
        at = after;
        return true;
    }

    /** Whether a number or literal ends at {@code i}: at whitespace, a separator or the end of a container. */
    private boolean endsValue(int i) {
        if (i >= end) {
            return false;
        }
        byte b = json[i];
        return b == ',' || b == '}' || b == ']' || isWhitespace(b);
    }

    /** The next byte that is not JSON whitespace (moving past the whitespace), or -1 at the end. */
    private int next() {
        byte[] json = this.json;
        int end = this.end;
        int i = at;
        while (i < end && isWhitespace(json[i])) {
            i++;
        }
        at = i;
        return i < end ? json[i] : -1;
    }

    private static boolean isWhitespace(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }

    /** {@code -?digits(.digits)?}, short, no leading zeros: read by {@code new BigDecimal} exactly as Jackson reads it. */
    private static boolean plainDecimal(String text) {
        int length = text.length();
        if (length == 0 || length > 30) {
            return false;
        }
        int i = text.charAt(0) == '-' ? 1 : 0;
        int digits = 0;
        while (i < length && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            i++;
            digits++;
        }
        if (digits == 0 || (digits > 1 && text.charAt(i - digits) == '0')) {
            return false;
        }
        if (i == length) {
            return true;
        }
        if (text.charAt(i) != '.') {
            return false;
        }
        int fraction = 0;
        for (i++; i < length; i++, fraction++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return fraction > 0;
    }

    private enum Kind {
        STRING, ENUM, INSTANT, DECIMAL_AS_STRING, INT, BOOLEAN, ENUM_LIST
    }

    private record Part(String component, byte[] name, Kind kind, Constants constants) {
    }

    /** An enum's constants, found by the bytes of their names. */
    private record Constants(byte[][] names, Object[] values) {

        static Constants of(@Nullable Class<?> enumType) {
            Object[] values = enumType == null ? new Object[0] : enumType.getEnumConstants();
            byte[][] names = new byte[values.length][];
            for (int i = 0; i < values.length; i++) {
                // UTF-8: a name of any other character can never equal the printable ASCII it is compared with
                names[i] = ((Enum<?>) values[i]).name().getBytes(StandardCharsets.UTF_8);
            }
            return new Constants(names, values);
        }

        /** The constant named by {@code json[start, end)} (printable ASCII), or null. */
        @Nullable Object named(byte[] json, int start, int end) {
            for (int i = 0; i < names.length; i++) {
                byte[] name = names[i];
                if (name.length == end - start && Arrays.equals(name, 0, name.length, json, start, end)) {
                    return values[i];
                }
            }
            return null;
        }
    }

    /** A record read here: its components in order, each of a kind read here, and its canonical constructor. */
    private record Shape(Part[] parts, Constructor<?> constructor) {

        static @Nullable Shape of(Class<?> type) {
            if (!type.isRecord() || !PlainRecords.onlyFeeAnnotations(type)) {
                return null;
            }
            RecordComponent[] components = type.getRecordComponents();
            Part[] parts = new Part[components.length];
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                RecordComponent component = components[i];
                types[i] = component.getType();
                Kind kind = kind(component);
                if (kind == null) {
                    return null;
                }
                Class<?> enumType = kind == Kind.ENUM ? component.getType() : kind == Kind.ENUM_LIST
                        ? (Class<?>) ((ParameterizedType) component.getGenericType()).getActualTypeArguments()[0]
                        : null;
                parts[i] = new Part(component.getName(), component.getName().getBytes(StandardCharsets.UTF_8), kind,
                        Constants.of(enumType));
            }
            try {
                Constructor<?> constructor = type.getDeclaredConstructor(types);
                constructor.setAccessible(true);
                return new Shape(parts, constructor);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }

        private static @Nullable Kind kind(RecordComponent component) {
            Class<?> type = component.getType();
            if (type == String.class) {
                return Kind.STRING;
            }
            if (type.isEnum()) {
                return PlainRecords.onlyFeeAnnotations(type) ? Kind.ENUM : null;
            }
            if (type == Instant.class) {
                return Kind.INSTANT;
            }
            if (type == BigDecimal.class) {
                return component.getAccessor().isAnnotationPresent(com.fasterxml.jackson.annotation.JsonFormat.class)
                        ? Kind.DECIMAL_AS_STRING : null;
            }
            if (type == int.class) {
                return Kind.INT;
            }
            if (type == Boolean.class) {
                return Kind.BOOLEAN;
            }
            if (type == List.class && component.getGenericType() instanceof ParameterizedType list
                    && list.getActualTypeArguments()[0] instanceof Class<?> element && element.isEnum()
                    && PlainRecords.onlyFeeAnnotations(element)) {
                return Kind.ENUM_LIST;
            }
            return null;
        }
    }
}
