package io.extauth.messaging.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.contract.CloudEventHeaders;
import io.extauth.contract.EventTypes;
import io.extauth.contract.ExtauthEvent;
import io.extauth.contract.Topics;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.messaging.cloudevents.CloudEventCodec;
import io.extauth.messaging.cloudevents.InvalidEventException;
import io.extauth.messaging.cloudevents.UnreadableEventException;
import io.extauth.messaging.consumer.InboundEvents.Collector;
import io.extauth.messaging.consumer.InboundEvents.Pending;
import io.extauth.messaging.inbox.Inbox;
import io.extauth.messaging.tracing.EventTracing;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Issue 14, third pass: what becomes of every kind of record a listener can receive, pinned before the read path was
 * made cheaper — the exact dead-letter reason (the {@code extauth-dlt-reason} header), whether it is dead-lettered
 * at once or retried, or the contract record the handler gets. Reading a record faster must not change any of it.
 */
class RecordOutcomesUnitTest {

    private static final String ORDERED = "{\"accountId\":\"1234\",\"userId\":\"jane\",\"orderId\":\"o-1\","
            + "\"type\":\"PHONEFACTOR\",\"email\":\"jane@example.com\",\"monthlyFee\":\"4.90\",\"channel\":\"BILLING\","
            + "\"orderedAt\":\"2026-11-30T10:15:30.123456Z\"}";
    private static final String RESULT = "{\"accountId\":\"1234\",\"userId\":\"jane\",\"challengeId\":\"c-1\","
            + "\"channel\":\"PORTAL\",\"outcome\":\"FAILED\",\"consecutiveFailures\":2,\"remainingAttempts\":3,"
            + "\"decidedAt\":\"2026-11-30T10:15:30Z\"}";
    /** What a ChallengeResult whose first number is not given comes to. */
    private static final String NO_CONSECUTIVE_FAILURES =
            "dead letter: InvalidEventException: ChallengeResult lacks required field(s) [consecutiveFailures]";
    private static final String ORDERED_EVENT = "AuthOrdered[accountId=1234, userId=jane, orderId=o-1, "
            + "type=PHONEFACTOR, credentialId=null, email=jane@example.com, promoCode=null, monthlyFee=4.90, "
            + "channel=BILLING, orderedAt=2026-11-30T10:15:30.123456Z]";

    private static final InboundEvents INBOUND = new InboundEvents(new Inbox(new JdbcTemplate(), Clock.systemUTC()),
            new TransactionTemplate(), "test", EventTracing.NONE,
            new DatabaseProbe(() -> false)); // asked only by the READ_ONLY rows: the database takes no writes

    /**
     * What the handler does when it runs: take the event, or fail like the database does on a NUL, or like a
     * read-only database (a standby).
     */
    enum Database { STORES, REFUSES, REFUSES_NUL, READ_ONLY }

    @ParameterizedTest(name = "{0}")
    @MethodSource("records")
    void everyKindOfRecordHasTheSameOutcomeAsBefore(String kind, ConsumerRecord<String, byte[]> record,
            EventHandlers handlers, Database database, String expected) {
        assertThat(outcome(record, handlers, database)).isEqualTo(expected);
    }

    static Stream<Arguments> records() {
        return Stream.of(
                row("a good AuthOrdered", ordered(ORDERED), "handled " + ORDERED_EVENT),
                row("a good AuthOrdered in structured mode", structured("{\"specversion\":\"1.0\",\"id\":\"e-1\","
                        + "\"type\":\"AuthOrdered\",\"source\":\"/test\",\"data\":" + ORDERED + "}"),
                        "handled " + ORDERED_EVENT),
                row("no value", record(Topics.AUTH_ORDERED, "AuthOrdered", (byte[]) null),
                        "dead letter: UnreadableEventException: record has no value"),
                row("an empty value", ordered(""), "dead letter: UnreadableEventException: record has no value"),
                row("a value over the size limit", ordered(oversized(CloudEventCodec.MAX_VALUE_BYTES + 1)),
                        "dead letter: UnreadableEventException: record value of 262145 bytes exceeds the limit of"
                        + " 262144"),
                row("a value just within the size limit", ordered(oversized(CloudEventCodec.MAX_VALUE_BYTES)),
                        "handled " + ORDERED_EVENT),
                row("unreadable JSON: cut short", ordered(ORDERED.substring(0, 40)),
                        "dead letter: UnreadableEventException: record value is not JSON: Unexpected end-of-input"
                        + " in property name"),
                row("unreadable JSON: not JSON at all", ordered("hello"),
                        "dead letter: UnreadableEventException: record value is not JSON: Unrecognized token"
                        + " 'hello': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or"
                        + " 'false')"),
                row("unreadable JSON: an unquoted name", ordered("{accountId:\"1234\"}"),
                        "dead letter: UnreadableEventException: record value is not JSON: Unexpected character"
                        + " ('a' (code 97)): was expecting double-quote to start property name"),
                row("unreadable JSON: a control character in a string",
                        ordered(ORDERED.replace("o-1", "o\u0001-1")),
                        "dead letter: UnreadableEventException: record value is not JSON: Illegal unquoted"
                        + " character ((CTRL-CHAR, code 1)): has to be escaped using backslash to be included in"
                        + " string value"),
                row("unreadable JSON: invalid UTF-8 in a string", ordered(bytes(ORDERED.replace("o-1", "o-#"),
                        (byte) 0xC3, (byte) 0x28)),
                        "dead letter: UnreadableEventException: record value is not JSON: Invalid UTF-8 middle"
                        + " byte 0x28"),
                row("unreadable JSON: invalid UTF-8 in an unknown field", ordered(bytes(
                        ORDERED.replace("{\"accountId\"", "{\"note\":\"#\",\"accountId\""), (byte) 0xFF)),
                        "dead letter: UnreadableEventException: record value is not JSON: Invalid UTF-8 start byte"
                        + " 0xff"),
                row("unreadable JSON: nested deeper than the limit in an unknown field",
                        ordered(ORDERED.replace("}", ",\"deep\":" + "[".repeat(20) + "]".repeat(20) + "}")),
                        "dead letter: UnreadableEventException: record value is not JSON: Document nesting depth"
                        + " (17) exceeds the maximum allowed (16, from `StreamReadConstraints.getMaxNestingDepth()`)"),
                row("unreadable JSON: a number longer than the limit in an unknown field",
                        ordered(ORDERED.replace("}", ",\"big\":" + "9".repeat(100) + "}")),
                        "dead letter: UnreadableEventException: record value is not JSON: Number value length"
                        + " (100) exceeds the maximum allowed (64, from `StreamReadConstraints.getMaxNumberLength()`)"),
                row("trailing content after the object", ordered(ORDERED + " and more"), "handled " + ORDERED_EVENT),
                row("not an object: an array", ordered("[" + ORDERED + "]"),
                        "dead letter: UnreadableEventException: event data is not a JSON object"),
                row("not an object: a string", ordered("\"AuthOrdered\""),
                        "dead letter: UnreadableEventException: event data is not a JSON object"),
                row("not an object: a number", ordered("42"),
                        "dead letter: UnreadableEventException: event data is not a JSON object"),
                row("not an object: null", ordered("null"),
                        "dead letter: UnreadableEventException: event data is not a JSON object"),
                row("not an object: only white space", ordered("   "),
                        "dead letter: UnreadableEventException: event data is not a JSON object"),
                row("structured mode without data", structured("{\"specversion\":\"1.0\",\"id\":\"e-1\","
                        + "\"type\":\"AuthOrdered\",\"source\":\"/test\"}"),
                        "dead letter: UnreadableEventException: structured CloudEvent has no JSON object in 'data'"),
                row("no ce_specversion", without(ordered(ORDERED), CloudEventHeaders.SPEC_VERSION),
                        "dead letter: UnreadableEventException: no ce_specversion header: neither binary nor"
                        + " structured CloudEvent"),
                row("no ce_specversion and unreadable JSON", without(ordered("{"), CloudEventHeaders.SPEC_VERSION),
                        "dead letter: UnreadableEventException: record value is not JSON: Unexpected end-of-input:"
                        + " expected close marker for Object (start marker at [Source: REDACTED"
                        + " (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); byte offset: #UNKNOWN])"),
                row("ce_specversion 0.3", with(ordered(ORDERED), CloudEventHeaders.SPEC_VERSION, "0.3"),
                        "dead letter: UnreadableEventException: unsupported CloudEvents specversion '0.3'"),
                row("no ce_id", without(ordered(ORDERED), CloudEventHeaders.ID),
                        "dead letter: UnreadableEventException: CloudEvent attribute 'ce_id' is missing"),
                row("a ce_id with a line break and a header after it", with(ordered(ORDERED), CloudEventHeaders.ID,
                        "e-1\r\nReply-To: a@evil.example"),
                        "dead letter: UnreadableEventException: CloudEvent attribute 'ce_id' has a control character"),
                row("a ce_id with a tab", with(ordered(ORDERED), CloudEventHeaders.ID, "e-1\tx"),
                        "dead letter: UnreadableEventException: CloudEvent attribute 'ce_id' has a control character"),
                row("structured mode, an id with a line break", structured("{\"specversion\":\"1.0\","
                        + "\"id\":\"e-1\\nBcc: a@evil.example\",\"type\":\"AuthOrdered\",\"source\":\"/test\","
                        + "\"data\":" + ORDERED + "}"),
                        "dead letter: UnreadableEventException: CloudEvent attribute 'id' has a control character"),
                row("a blank ce_type", with(ordered(ORDERED), CloudEventHeaders.TYPE, " "),
                        "dead letter: UnreadableEventException: CloudEvent attribute 'ce_type' is missing"),
                row("no ce_source", without(ordered(ORDERED), CloudEventHeaders.SOURCE),
                        "dead letter: UnreadableEventException: CloudEvent attribute 'ce_source' is missing"),
                row("a ce_source of an em space only", with(ordered(ORDERED), CloudEventHeaders.SOURCE, "\u2003"),
                        "dead letter: UnreadableEventException: CloudEvent attribute 'ce_source' is missing"),
                row("a ce_type with a space after it", with(ordered(ORDERED), CloudEventHeaders.TYPE, "AuthOrdered "),
                        "dead letter: InvalidEventException: unknown event type 'AuthOrdered ' on auth.ordered"),
                row("a ce_time that is not RFC 3339", with(ordered(ORDERED), CloudEventHeaders.TIME, "today"),
                        "dead letter: UnreadableEventException: time 'today' is not RFC 3339"),
                row("an unknown event type", record(Topics.AUTH_ORDERED, "AuthRequested", ORDERED),
                        "dead letter: InvalidEventException: unknown event type 'AuthRequested' on auth.ordered"),
                row("an event type on the wrong topic", record(Topics.AUTH_ORDERED, "Provisioned", ORDERED),
                        "dead letter: InvalidEventException: Provisioned travels on auth.provisioned, not on"
                        + " auth.ordered"),
                row("an event type this listener does not handle", ordered(ORDERED), only(), Database.STORES,
                        "not handled here"),
                row("an event type this listener does not handle, with unreadable JSON", ordered("{\"a\":"), only(),
                        Database.STORES,
                        "dead letter: UnreadableEventException: record value is not JSON: Unexpected end-of-input"
                        + " within/between Object entries"),
                row("an event type this listener does not handle, not an object", ordered("[]"), only(),
                        Database.STORES, "dead letter: UnreadableEventException: event data is not a JSON object"),
                row("a record key that is not the event's userId", keyed(ordered(ORDERED), "john"),
                        "dead letter: InvalidEventException: record key 'john' is not the event's userId"),
                row("a record without a key", keyed(ordered(ORDERED), null), "handled " + ORDERED_EVENT),
                row("wrong type of a field: a word for a BigDecimal", ordered(ORDERED.replace("\"4.90\"",
                        "\"cheap\"")),
                        "dead letter: InvalidEventException: AuthOrdered data does not match the contract: Cannot"
                        + " deserialize value of type `java.math.BigDecimal` from String \"cheap\": not a valid"
                        + " representation"),
                row("wrong type of a field: an unknown enum constant", ordered(ORDERED.replace("BILLING",
                        "CARRIER_PIGEON")),
                        "dead letter: InvalidEventException: AuthOrdered data does not match the contract: Cannot"
                        + " deserialize value of type `io.extauth.contract.OrderChannel` from String"
                        + " \"CARRIER_PIGEON\": not one of the values accepted for Enum class: [BILLING, PORTAL]"),
                row("wrong type of a field: a time that is not one", ordered(ORDERED.replace(
                        "\"2026-11-30T10:15:30.123456Z\"", "\"yesterday\"")),
                        "dead letter: InvalidEventException: AuthOrdered data does not match the contract: Cannot"
                        + " deserialize value of type `java.time.Instant` from String \"yesterday\": Failed to"
                        + " deserialize `java.time.Instant` (with format 'ParseCaseSensitive(false)Instant()'):"
                        + " (java.time.format.DateTimeParseException) Text 'yesterday' could not be parsed at index 0"),
                row("wrong type of a field: an object for a string", ordered(ORDERED.replace("\"o-1\"",
                        "{\"id\":\"o-1\"}")),
                        "dead letter: InvalidEventException: AuthOrdered data does not match the contract: Cannot"
                        + " deserialize value of type `java.lang.String` from Object value (token"
                        + " `JsonToken.START_OBJECT`)"),
                row("wrong type of a field: an array for a string", ordered(ORDERED.replace("\"o-1\"",
                        "[\"o-1\"]")),
                        "dead letter: InvalidEventException: AuthOrdered data does not match the contract: Cannot"
                        + " deserialize value of type `java.lang.String` from Array value (token"
                        + " `JsonToken.START_ARRAY`)"),
                row("wrong type of a field: a word for an int", result(RESULT.replace("2,", "\"two\",")),
                        "dead letter: InvalidEventException: ChallengeResult data does not match the contract:"
                        + " Cannot deserialize value of type `int` from String \"two\": not a valid `int` value"),
                row("wrong type of a field: an int beyond int's range", result(RESULT.replace("2,", "3000000000,")),
                        "dead letter: InvalidEventException: ChallengeResult data does not match the contract:"
                        + " Numeric value (3000000000) out of range of `int` (-2147483648 - 2147483647)"),
                row("wrong type of a field: an enum constant for a list", activated("{\"accountId\":\"1234\","
                        + "\"userId\":\"jane\",\"method\":\"APP_PIN\",\"changedBy\":\"jane\","
                        + "\"at\":\"2026-11-30T10:15:30Z\",\"changes\":\"METHOD\"}"),
                        "dead letter: InvalidEventException: FactorSettingsChanged data does not match the"
                        + " contract: Cannot deserialize value of type"
                        + " `java.util.ArrayList<io.extauth.contract.FactorChange>` from String value (token"
                        + " `JsonToken.VALUE_STRING`)"),
                row("coerced: a number for a string", ordered(ORDERED.replace("\"o-1\"", "17")),
                        "handled AuthOrdered[accountId=1234, userId=jane, orderId=17, type=PHONEFACTOR,"
                        + " credentialId=null, email=jane@example.com, promoCode=null, monthlyFee=4.90,"
                        + " channel=BILLING, orderedAt=2026-11-30T10:15:30.123456Z]"),
                row("coerced: minus zero for a string", ordered(ORDERED.replace("\"o-1\"", "-0")),
                        "handled AuthOrdered[accountId=1234, userId=jane, orderId=0, type=PHONEFACTOR,"
                        + " credentialId=null, email=jane@example.com, promoCode=null, monthlyFee=4.90,"
                        + " channel=BILLING, orderedAt=2026-11-30T10:15:30.123456Z]"),
                row("coerced: a fraction for a string", ordered(ORDERED.replace("\"o-1\"", "1.50")),
                        "handled AuthOrdered[accountId=1234, userId=jane, orderId=1.5, type=PHONEFACTOR,"
                        + " credentialId=null, email=jane@example.com, promoCode=null, monthlyFee=4.90,"
                        + " channel=BILLING, orderedAt=2026-11-30T10:15:30.123456Z]"),
                row("coerced: an exponent for a string", ordered(ORDERED.replace("\"o-1\"", "1e2")),
                        "handled AuthOrdered[accountId=1234, userId=jane, orderId=100.0, type=PHONEFACTOR,"
                        + " credentialId=null, email=jane@example.com, promoCode=null, monthlyFee=4.90,"
                        + " channel=BILLING, orderedAt=2026-11-30T10:15:30.123456Z]"),
                row("coerced: a number for a BigDecimal", ordered(ORDERED.replace("\"4.90\"", "4.90")),
                        "handled AuthOrdered[accountId=1234, userId=jane, orderId=o-1, type=PHONEFACTOR,"
                        + " credentialId=null, email=jane@example.com, promoCode=null, monthlyFee=4.9,"
                        + " channel=BILLING, orderedAt=2026-11-30T10:15:30.123456Z]"),
                row("coerced: a number with many digits for a BigDecimal", ordered(ORDERED.replace("\"4.90\"",
                        "4.900000000000000000001")),
                        "handled AuthOrdered[accountId=1234, userId=jane, orderId=o-1, type=PHONEFACTOR,"
                        + " credentialId=null, email=jane@example.com, promoCode=null, monthlyFee=4.9,"
                        + " channel=BILLING, orderedAt=2026-11-30T10:15:30.123456Z]"),
                row("coerced: epoch seconds with a fraction for a time", ordered(ORDERED.replace(
                        "\"2026-11-30T10:15:30.123456Z\"", "1796040930.123456789")),
                        "handled AuthOrdered[accountId=1234, userId=jane, orderId=o-1, type=PHONEFACTOR,"
                        + " credentialId=null, email=jane@example.com, promoCode=null, monthlyFee=4.90,"
                        + " channel=BILLING, orderedAt=2026-11-30T12:15:30.123456700Z]"),
                row("coerced: epoch seconds for a time", ordered(ORDERED.replace(
                        "\"2026-11-30T10:15:30.123456Z\"", "1796040930")),
                        "handled AuthOrdered[accountId=1234, userId=jane, orderId=o-1, type=PHONEFACTOR,"
                        + " credentialId=null, email=jane@example.com, promoCode=null, monthlyFee=4.90,"
                        + " channel=BILLING, orderedAt=2026-11-30T12:15:30Z]"),
                row("coerced: a fraction for an int", result(RESULT.replace("2,", "2.7,")),
                        "handled ChallengeResult[accountId=1234, userId=jane, challengeId=c-1, channel=PORTAL,"
                        + " outcome=FAILED, consecutiveFailures=2, remainingAttempts=3, lockedUntil=null,"
                        + " decidedAt=2026-11-30T10:15:30Z, orderId=null]"),
                row("coerced: a string for an int", result(RESULT.replace("2,", "\"2\",")),
                        "handled ChallengeResult[accountId=1234, userId=jane, challengeId=c-1, channel=PORTAL,"
                        + " outcome=FAILED, consecutiveFailures=2, remainingAttempts=3, lockedUntil=null,"
                        + " decidedAt=2026-11-30T10:15:30Z, orderId=null]"),
                row("null for an int", result(RESULT.replace("2,", "null,")), NO_CONSECUTIVE_FAILURES),
                row("an empty text for an int", result(RESULT.replace("2,", "\"\",")), NO_CONSECUTIVE_FAILURES),
                row("a blank text for an int", result(RESULT.replace("2,", "\" \",")), NO_CONSECUTIVE_FAILURES),
                row("the text null for an int", result(RESULT.replace("2,", "\"null\",")), NO_CONSECUTIVE_FAILURES),
                row("a control character for an int", result(RESULT.replace("2,", "\"\\u0001\",")),
                        NO_CONSECUTIVE_FAILURES),
                row("the text null after a control character for an int",
                        result(RESULT.replace("2,", "\"\\u0001null\",")), NO_CONSECUTIVE_FAILURES),
                row("a missing int", result(RESULT.replace("\"consecutiveFailures\":2,", "")), NO_CONSECUTIVE_FAILURES),
                row("a missing int and a missing text", result(RESULT.replace("\"remainingAttempts\":3,", "")
                        .replace("\"challengeId\":\"c-1\",", "")),
                        "dead letter: InvalidEventException: ChallengeResult lacks required field(s)"
                        + " [challengeId, remainingAttempts]"),
                row("a missing int with an unknown field (not the kit's flat shape)",
                        result(RESULT.replace("\"consecutiveFailures\":2,", "\"extra\":[1],")),
                        NO_CONSECUTIVE_FAILURES),
                row("0 for an int, given", result(RESULT.replace("2,", "0,")),
                        "handled ChallengeResult[accountId=1234, userId=jane, challengeId=c-1, channel=PORTAL,"
                        + " outcome=FAILED, consecutiveFailures=0, remainingAttempts=3, lockedUntil=null,"
                        + " decidedAt=2026-11-30T10:15:30Z, orderId=null]"),
                row("a missing required field", ordered(ORDERED.replace("\"email\":\"jane@example.com\",", "")),
                        "dead letter: InvalidEventException: AuthOrdered lacks required field(s) [email]"),
                row("missing required fields", ordered(ORDERED.replace("\"email\":\"jane@example.com\",", "")
                        .replace("\"orderId\":\"o-1\",", "")),
                        "dead letter: InvalidEventException: AuthOrdered lacks required field(s) [orderId, email]"),
                row("a required field that is null", ordered(ORDERED.replace("\"jane@example.com\"", "null")),
                        "dead letter: InvalidEventException: AuthOrdered lacks required field(s) [email]"),
                row("a required field that is blank", ordered(ORDERED.replace("\"jane@example.com\"", "\" \"")),
                        "dead letter: InvalidEventException: AuthOrdered lacks required field(s) [email]"),
                row("an empty object", ordered("{}"),
                        "dead letter: InvalidEventException: AuthOrdered lacks required field(s) [accountId,"
                        + " userId, orderId, type, email, monthlyFee, channel, orderedAt]"),
                row("a field twice: the last one counts", ordered(ORDERED.replace("\"orderId\":\"o-1\",",
                        "\"orderId\":\"o-0\",\"orderId\":\"o-1\",")), "handled " + ORDERED_EVENT),
                row("unknown fields are ignored", ordered(ORDERED.replace("}", ",\"extra\":{\"deep\":[1,2.5,"
                        + "{\"x\":\"y\"},null,true]},\"more\":-0}")), "handled " + ORDERED_EVENT),
                row("a NUL in a string, stored", ordered(ORDERED.replace("o-1", "o-\\u00001")),
                        "handled AuthOrdered[accountId=1234, userId=jane, orderId=o-\u00001, type=PHONEFACTOR,"
                        + " credentialId=null, email=jane@example.com, promoCode=null, monthlyFee=4.90,"
                        + " channel=BILLING, orderedAt=2026-11-30T10:15:30.123456Z]"),
                row("a NUL in a string, refused by the database", ordered(ORDERED.replace("o-1", "o-\\u00001")),
                        all(), Database.REFUSES,
                        "dead letter: InvalidEventException: the event's text contains a NUL character, which"
                        + " cannot be stored: IllegalStateException: the database refused the write"),
                row("a NUL in an unknown field, refused by the database", ordered(ORDERED.replace("}",
                        ",\"note\":[\"a\\u0000\"]}")), all(), Database.REFUSES,
                        "dead letter: InvalidEventException: the event's text contains a NUL character, which"
                        + " cannot be stored: IllegalStateException: the database refused the write"),
                row("a NUL in a field name, refused by the database", ordered(ORDERED.replace("}",
                        ",\"no\\u0000te\":1}")), all(), Database.REFUSES,
                        "dead letter: InvalidEventException: the event's text contains a NUL character, which"
                        + " cannot be stored: IllegalStateException: the database refused the write"),
                row("a NUL in ce_id, refused before the database sees it", with(ordered(ORDERED),
                        CloudEventHeaders.ID, "e\u00001"), all(), Database.REFUSES,
                        "dead letter: UnreadableEventException: CloudEvent attribute 'ce_id' has a control character"),
                row("a NUL in a string, the database read only", ordered(ORDERED.replace("o-1", "o-\\u00001")),
                        all(), Database.READ_ONLY,
                        "retried: SQLException: cannot execute INSERT in a read-only transaction"),
                row("no NUL, refused by the database", ordered(ORDERED), all(), Database.REFUSES,
                        "retried: IllegalStateException: the database refused the write"),
                row("a NUL the database names itself", ordered(ORDERED), all(), Database.REFUSES_NUL,
                        "dead letter: InvalidEventException: the database cannot store a character of this event"
                        + " (SQLState of 22021): SQLException: invalid byte sequence for encoding \"UTF8\": 0x00"));
    }

    /** Every event type of the contract, as the kit's own writer sends it, reaches its handler unchanged. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void eachContractEventTypeReadsBackAsTheEventWritten(String type, ExtauthEvent event) {
        assertThat(outcome(ContractSamples.recordOf(event, "e-1"), all(), Database.STORES))
                .isEqualTo("handled " + event);
    }

    /** ... and each, without a field the contract requires, is dead-lettered at once, naming the field. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void eachContractEventTypeWithoutItsUserIdIsDeadLettered(String type, ExtauthEvent event) {
        ConsumerRecord<String, byte[]> written = ContractSamples.recordOf(event, "e-1");
        String json = new String(written.value(), StandardCharsets.UTF_8).replace("\"userId\":\"jane\",", "");
        ConsumerRecord<String, byte[]> record = keyed(record(written.topic(), type, json), null);
        assertThat(outcome(record, all(), Database.STORES))
                .isEqualTo("dead letter: InvalidEventException: " + type + " lacks required field(s) [userId]");
    }

    static Stream<Arguments> samples() {
        return ContractSamples.ALL.stream().map(event -> Arguments.of(event.eventType(), event));
    }

    // --- the listener as the services run it, without the database: a batch collects the checked records

    private static String outcome(ConsumerRecord<String, byte[]> record, EventHandlers handlers, Database database) {
        List<ExtauthEvent> handled = new ArrayList<>();
        Collector collector = new Collector();
        INBOUND.collectInto(collector);
        try {
            INBOUND.process(record, handlers);
        } catch (RuntimeException e) {
            return failed(e);
        } finally {
            INBOUND.collectInto(null);
        }
        if (collector.pending.isEmpty()) {
            return "not handled here";
        }
        Pending pending = collector.pending.get(0);
        HANDLED.set(handled);
        try {
            pending.handle().run();
            return switch (database) {
                case STORES -> "handled " + handled.get(0);
                case REFUSES -> throw new IllegalStateException("the database refused the write");
                case REFUSES_NUL -> throw new IllegalStateException("the database refused the write",
                        new SQLException("invalid byte sequence for encoding \"UTF8\": 0x00", "22021"));
                case READ_ONLY -> throw new IllegalStateException("the database refused the write",
                        new SQLException("cannot execute INSERT in a read-only transaction", "25006"));
            };
        } catch (RuntimeException e) {
            return failed(INBOUND.judged("event e-1 failed", pending.incoming(), e, 0));
        } finally {
            HANDLED.remove();
        }
    }

    private static String failed(RuntimeException e) {
        // what the error handler sees: the exception itself or its cause (a record's failure of the database)
        Throwable judged = e instanceof RecordFailed || e instanceof WaitingForDatabase ? e.getCause() : e;
        boolean atOnce = judged instanceof UnreadableEventException || judged instanceof InvalidEventException;
        return (atOnce ? "dead letter: " : "retried: ") + DeadLetters.reason(e);
    }

    private static final ThreadLocal<List<ExtauthEvent>> HANDLED = new ThreadLocal<>();

    private static EventHandlers all() {
        EventHandlers handlers = EventHandlers.create();
        for (String name : EventTypes.names()) {
            register(handlers, EventTypes.classOf(name).orElseThrow());
        }
        return handlers;
    }

    /** A listener that handles one type the table's records are not. */
    private static EventHandlers only() {
        EventHandlers handlers = EventHandlers.create();
        register(handlers, io.extauth.contract.events.OrderCancelled.class);
        return handlers;
    }

    private static <E extends ExtauthEvent> void register(EventHandlers handlers, Class<E> type) {
        handlers.on(type, (event, envelope) -> HANDLED.get().add(event));
    }

    private static Arguments row(String kind, ConsumerRecord<String, byte[]> record, String expected) {
        return row(kind, record, all(), Database.STORES, expected);
    }

    private static Arguments row(String kind, ConsumerRecord<String, byte[]> record, EventHandlers handlers,
            Database database, String expected) {
        return Arguments.of(kind, record, handlers, database, expected);
    }

    private static ConsumerRecord<String, byte[]> ordered(String json) {
        return record(Topics.AUTH_ORDERED, AuthOrdered.class.getSimpleName(), json);
    }

    private static ConsumerRecord<String, byte[]> ordered(byte[] value) {
        return record(Topics.AUTH_ORDERED, AuthOrdered.class.getSimpleName(), value);
    }

    private static ConsumerRecord<String, byte[]> result(String json) {
        return record(Topics.AUTH_CHALLENGE_RESULT, "ChallengeResult", json);
    }

    private static ConsumerRecord<String, byte[]> activated(String json) {
        return record(Topics.AUTH_ACTIVATED, "FactorSettingsChanged", json);
    }

    private static ConsumerRecord<String, byte[]> record(String topic, String type, @Nullable String json) {
        return record(topic, type, json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    }

    private static ConsumerRecord<String, byte[]> record(String topic, String type, byte @Nullable [] value) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_1_0);
        headers.put(CloudEventHeaders.ID, "e-1");
        headers.put(CloudEventHeaders.SOURCE, "/test");
        headers.put(CloudEventHeaders.TYPE, type);
        headers.put(CloudEventHeaders.TIME, "2026-11-30T10:15:31.5Z");
        headers.put(CloudEventHeaders.SUBJECT, "jane");
        headers.put(CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
        return build(topic, "jane", value, headers);
    }

    private static ConsumerRecord<String, byte[]> structured(String envelope) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.STRUCTURED_JSON);
        return build(Topics.AUTH_ORDERED, "jane", envelope.getBytes(StandardCharsets.UTF_8), headers);
    }

    private static ConsumerRecord<String, byte[]> with(ConsumerRecord<String, byte[]> record, String header,
            String value) {
        Map<String, String> headers = headersOf(record);
        headers.put(header, value);
        return build(record.topic(), record.key(), record.value(), headers);
    }

    private static ConsumerRecord<String, byte[]> without(ConsumerRecord<String, byte[]> record, String header) {
        Map<String, String> headers = headersOf(record);
        headers.remove(header);
        return build(record.topic(), record.key(), record.value(), headers);
    }

    private static ConsumerRecord<String, byte[]> keyed(ConsumerRecord<String, byte[]> record, @Nullable String key) {
        return build(record.topic(), key, record.value(), headersOf(record));
    }

    private static Map<String, String> headersOf(ConsumerRecord<String, byte[]> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        record.headers().forEach(h -> headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
        return headers;
    }

    private static ConsumerRecord<String, byte[]> build(String topic, @Nullable String key, byte @Nullable [] value,
            Map<String, String> headers) {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(topic, 0, 7, key, value);
        headers.forEach((name, text) -> record.headers().add(name, text.getBytes(StandardCharsets.UTF_8)));
        return record;
    }

    /** {@code json} with the bytes put where its {@code #} is. */
    private static byte[] bytes(String json, byte... inserted) {
        int at = json.indexOf('#');
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(json.substring(0, at).getBytes(StandardCharsets.UTF_8));
        out.writeBytes(inserted);
        out.writeBytes(json.substring(at + 1).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** A good AuthOrdered padded by an unknown field to exactly {@code size} bytes. */
    private static String oversized(int size) {
        String head = ORDERED.substring(0, ORDERED.length() - 1) + ",\"padding\":\"";
        return head + "x".repeat(size - head.length() - 2) + "\"}";
    }
}
