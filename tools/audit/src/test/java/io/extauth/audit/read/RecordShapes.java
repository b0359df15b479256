package io.extauth.audit.read;

import io.extauth.contract.AuthType;
import io.extauth.contract.ChallengeOutcome;
import io.extauth.contract.ExtauthEvent;
import io.extauth.contract.FactorChange;
import io.extauth.contract.LoginChannel;
import io.extauth.contract.OrderChannel;
import io.extauth.contract.PhoneFactorMethod;
import io.extauth.contract.events.Activated;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.contract.events.ChallengeIssued;
import io.extauth.contract.events.ChallengeResult;
import io.extauth.contract.events.Deactivated;
import io.extauth.contract.events.EmailSent;
import io.extauth.contract.events.EmailWithdrawn;
import io.extauth.contract.events.FactorSettingsChanged;
import io.extauth.contract.events.FraudReported;
import io.extauth.contract.events.OrderCancelled;
import io.extauth.contract.events.OrderPlaced;
import io.extauth.contract.events.OrderRejected;
import io.extauth.contract.events.Provisioned;
import io.extauth.contract.events.ProvisioningFailed;
import io.extauth.contract.events.Unlocked;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Every event of the contract, once with every field and once with the optional ones left out, and data that is
 * almost right for each kind of field: what {@link CloudEventReaderPinnedUnitTest} reads.
 */
final class RecordShapes {

    static final Instant AT = Instant.parse("2025-03-01T08:00:00.123456Z");

    private RecordShapes() {
    }

    static List<ExtauthEvent> everyEvent() {
        return List.of(
                new OrderPlaced("1000", "jane", "o-1", "jane@example.com", "PHONEFACTOR", "cred-1", "PROMO", true,
                        "billing"),
                new OrderPlaced("1000", "jane", null, null, null, null, null, null, null),
                new AuthOrdered("1000", "jane", "o-1", AuthType.PHONEFACTOR, "cred-1", "jane@example.com", "PROMO",
                        new BigDecimal("4.99"), OrderChannel.BILLING, AT),
                new AuthOrdered("1000", "jane", "o-1", AuthType.SYMANTEC_VIP, null, "jane@example.com", null,
                        new BigDecimal("10"), OrderChannel.PORTAL, AT),
                new OrderRejected("1000", "jane", "o-1", List.of(new OrderRejected.Reason("email", "invalid",
                        "not an e-mail address"))),
                new OrderRejected("1000", "jane", null, List.of()),
                new OrderCancelled("1000", "jane", "o-1", "admin-1", AT),
                new Provisioned("1000", "jane", "o-1", AuthType.PHONEFACTOR, "pf-1", AT),
                new ProvisioningFailed("1000", "jane", "o-1", AuthType.SYMANTEC_VIP, "vendor down", 3),
                new EmailSent("1000", "jane", "o-1", "provisioned-phonefactor", "j***@example.com", "<m-1@extauth>",
                        AT),
                new EmailSent("1000", "jane", null, "lockout", "j***@example.com", "<m-2@extauth>", AT),
                new EmailWithdrawn("1000", "jane", "o-1", "provisioned-phonefactor", "<m-3@extauth>",
                        "order o-1 was cancelled at 2026-11-30T10:15:30Z before this e-mail was sent", AT),
                new Activated("1000", "jane", AuthType.PHONEFACTOR, PhoneFactorMethod.SMS_ONE_TIME_PIN, AT, "jane"),
                new Activated("1000", "jane", AuthType.SYMANTEC_VIP, null, AT, "admin-1"),
                new FactorSettingsChanged("1000", "jane", PhoneFactorMethod.APP_PIN, "jane", AT,
                        List.of(FactorChange.PIN_ADDED, FactorChange.METHOD), "+1 ***-***-1234"),
                new FactorSettingsChanged("1000", "jane", PhoneFactorMethod.PHONE_CALL_STANDARD, "admin-1", AT),
                new Deactivated("1000", "jane", "admin-1", AT),
                new Deactivated("1000", "jane", "admin-1", AT, AuthType.SYMANTEC_VIP, "o-1"),
                new ChallengeIssued("1000", "jane", "c-1", LoginChannel.PORTAL, AuthType.PHONEFACTOR,
                        PhoneFactorMethod.PHONE_CALL_STANDARD, "+1 ***-***-1234", AT, "PhoneFactor is calling"),
                new ChallengeIssued("1000", "jane", "c-2", LoginChannel.PORTAL, AuthType.SYMANTEC_VIP, null, null,
                        AT, "enter the code"),
                new ChallengeResult("1000", "jane", "c-1", LoginChannel.PORTAL, ChallengeOutcome.LOCKED_OUT, 5, 0,
                        AT.plusSeconds(3600), AT),
                new ChallengeResult("1000", "jane", "c-2", LoginChannel.PORTAL, ChallengeOutcome.SUCCEEDED, 0, 5,
                        null, AT),
                new FraudReported("1000", "jane", "c-1", LoginChannel.PORTAL, PhoneFactorMethod.APP_STANDARD, AT),
                new FraudReported("1000", "jane", "c-1", LoginChannel.PORTAL, null, AT),
                new Unlocked("1000", "jane", Unlocked.BY_TIMER, AT),
                new Unlocked("1000", "jane", "admin-1", AT));
    }

    /**
     * Data of type {@code ChallengeResult} (strings, enums, ints, times, an optional time) and {@code AuthOrdered}
     * (a decimal as a string) and {@code FactorSettingsChanged} (a list of enums), almost right in one way each.
     */
    static Map<String, String> nearMisses() {
        String result = "\"accountId\":\"1000\",\"userId\":\"jane\",\"challengeId\":\"c-1\",\"channel\":\"PORTAL\","
                + "\"outcome\":\"FAILED\",\"consecutiveFailures\":1,\"remainingAttempts\":4";
        String time = ",\"decidedAt\":\"2025-03-01T08:00:00Z\"";
        String ordered = "\"accountId\":\"1000\",\"userId\":\"jane\",\"orderId\":\"o-1\",\"type\":\"PHONEFACTOR\","
                + "\"email\":\"j@example.com\",\"channel\":\"BILLING\",\"orderedAt\":\"2025-03-01T08:00:00Z\"";
        String changed = "\"accountId\":\"1000\",\"userId\":\"jane\",\"method\":\"APP_PIN\",\"changedBy\":\"jane\","
                + "\"at\":\"2025-03-01T08:00:00Z\"";
        return Map.ofEntries(
                Map.entry("result: as written", "ChallengeResult|{" + result + time + "}"),
                Map.entry("result: unknown fields, nested too", "ChallengeResult|{" + result + time
                        + ",\"extra\":{\"a\":[1,{\"b\":null}]},\"more\":[true],\"n\":null}"),
                Map.entry("result: trailing content", "ChallengeResult|{" + result + time + "} trailing"),
                Map.entry("result: fields in another order", "ChallengeResult|{\"decidedAt\":\"2025-03-01T08:00:00Z\","
                        + result + "}"),
                Map.entry("result: a field twice", "ChallengeResult|{" + result + time
                        + ",\"consecutiveFailures\":2}"),
                Map.entry("result: an explicit null", "ChallengeResult|{" + result + time + ",\"lockedUntil\":null}"),
                Map.entry("result: an int as a string", "ChallengeResult|{" + result.replace(":1,", ":\"1\",")
                        + time + "}"),
                Map.entry("result: an int as a decimal", "ChallengeResult|{" + result.replace(":1,", ":1.0,")
                        + time + "}"),
                Map.entry("result: an int too large", "ChallengeResult|{" + result.replace(":1,", ":12345678901,")
                        + time + "}"),
                Map.entry("result: an int null", "ChallengeResult|{" + result.replace(":1,", ":null,") + time + "}"),
                Map.entry("result: an int empty", "ChallengeResult|{" + result.replace(":1,", ":\"\",") + time + "}"),
                Map.entry("result: an int as a word", "ChallengeResult|{" + result.replace(":1,", ":\"one\",")
                        + time + "}"),
                Map.entry("result: an int as a boolean", "ChallengeResult|{" + result.replace(":1,", ":true,")
                        + time + "}"),
                Map.entry("result: an int missing", "ChallengeResult|{" + result.replace(
                        ",\"remainingAttempts\":4", "") + time + "}"),
                Map.entry("result: a string as a number", "ChallengeResult|{" + result.replace("\"c-1\"", "7")
                        + time + "}"),
                Map.entry("result: a string as an object", "ChallengeResult|{" + result.replace("\"c-1\"", "{}")
                        + time + "}"),
                Map.entry("result: a string as a boolean", "ChallengeResult|{" + result.replace("\"c-1\"", "true")
                        + time + "}"),
                Map.entry("result: a string empty", "ChallengeResult|{" + result.replace("\"c-1\"", "\"\"")
                        + time + "}"),
                Map.entry("result: an escaped string", "ChallengeResult|{" + result.replace("\"c-1\"",
                        "\"c-\\u0031\\n\"") + time + "}"),
                Map.entry("result: a required string missing", "ChallengeResult|{" + result.replace(
                        "\"challengeId\":\"c-1\",", "") + time + "}"),
                Map.entry("result: an unknown enum", "ChallengeResult|{" + result.replace("FAILED", "FLAKY")
                        + time + "}"),
                Map.entry("result: an enum in lower case", "ChallengeResult|{" + result.replace("FAILED", "failed")
                        + time + "}"),
                Map.entry("result: an enum as a number", "ChallengeResult|{" + result.replace("\"FAILED\"", "1")
                        + time + "}"),
                Map.entry("result: an enum empty", "ChallengeResult|{" + result.replace("\"FAILED\"", "\"\"")
                        + time + "}"),
                Map.entry("result: a time with an offset", "ChallengeResult|{" + result
                        + ",\"decidedAt\":\"2025-03-01T09:00:00.5+01:00\"}"),
                Map.entry("result: a time with spaces", "ChallengeResult|{" + result
                        + ",\"decidedAt\":\" 2025-03-01T08:00:00Z \"}"),
                Map.entry("result: a time that is not one", "ChallengeResult|{" + result
                        + ",\"decidedAt\":\"yesterday\"}"),
                Map.entry("result: a time as a number", "ChallengeResult|{" + result + ",\"decidedAt\":1740816000}"),
                Map.entry("result: a time missing", "ChallengeResult|{" + result + "}"),
                Map.entry("result: not an object", "ChallengeResult|[" + result + "]"),
                Map.entry("result: a string", "ChallengeResult|\"ChallengeResult\""),
                Map.entry("result: null", "ChallengeResult|null"),
                Map.entry("result: cut short", "ChallengeResult|{" + result),
                Map.entry("result: not JSON", "ChallengeResult|<xml/>"),
                Map.entry("ordered: as written", "AuthOrdered|{" + ordered + ",\"monthlyFee\":\"4.99\"}"),
                Map.entry("ordered: a fee as a number", "AuthOrdered|{" + ordered + ",\"monthlyFee\":4.99}"),
                Map.entry("ordered: a fee with trailing zeros", "AuthOrdered|{" + ordered
                        + ",\"monthlyFee\":\"4.990\"}"),
                Map.entry("ordered: a fee in exponent form", "AuthOrdered|{" + ordered + ",\"monthlyFee\":\"5E+1\"}"),
                Map.entry("ordered: a fee with spaces", "AuthOrdered|{" + ordered + ",\"monthlyFee\":\" 4.99 \"}"),
                Map.entry("ordered: a fee that is not one", "AuthOrdered|{" + ordered + ",\"monthlyFee\":\"cheap\"}"),
                Map.entry("ordered: a fee empty", "AuthOrdered|{" + ordered + ",\"monthlyFee\":\"\"}"),
                Map.entry("placed: a boolean as a string", "OrderPlaced|{\"accountId\":\"1000\",\"userId\":\"jane\","
                        + "\"msaAcknowledged\":\"true\"}"),
                Map.entry("placed: a boolean as a number", "OrderPlaced|{\"accountId\":\"1000\",\"userId\":\"jane\","
                        + "\"msaAcknowledged\":1}"),
                Map.entry("changed: a list of changes", "FactorSettingsChanged|{" + changed
                        + ",\"changes\":[\"PIN_ADDED\",\"METHOD\"]}"),
                Map.entry("changed: an empty list", "FactorSettingsChanged|{" + changed + ",\"changes\":[]}"),
                Map.entry("changed: a list with an unknown change", "FactorSettingsChanged|{" + changed
                        + ",\"changes\":[\"PIN_EATEN\"]}"),
                Map.entry("changed: a list with a null", "FactorSettingsChanged|{" + changed
                        + ",\"changes\":[null]}"),
                Map.entry("changed: a single change, not a list", "FactorSettingsChanged|{" + changed
                        + ",\"changes\":\"METHOD\"}"),
                Map.entry("rejected: a reason", "OrderRejected|{\"accountId\":\"1000\",\"userId\":\"jane\","
                        + "\"reasons\":[{\"field\":\"email\",\"code\":\"invalid\",\"message\":\"no\"}]}"),
                Map.entry("rejected: no reasons", "OrderRejected|{\"accountId\":\"1000\",\"userId\":\"jane\"}"),
                Map.entry("unlocked: no by", "Unlocked|{\"accountId\":\"1000\",\"userId\":\"jane\","
                        + "\"at\":\"2025-03-01T08:00:00Z\"}"),
                Map.entry("unlocked: by blank", "Unlocked|{\"accountId\":\"1000\",\"userId\":\"jane\",\"by\":\"  \","
                        + "\"at\":\"2025-03-01T08:00:00Z\"}"),
                Map.entry("unlocked: no account", "Unlocked|{\"userId\":\"jane\",\"by\":\"TIMER\","
                        + "\"at\":\"2025-03-01T08:00:00Z\"}"));
    }
}
