package io.extauth.order.intake;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;
import io.extauth.contract.AuthType;
import io.extauth.contract.ContractJson;
import io.extauth.contract.Topics;
import io.extauth.contract.events.OrderPlaced;
import io.extauth.messaging.cloudevents.CloudEventCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A reproducible stream of billing records (everything follows from the seed): valid orders of both types in binary
 * and structured mode, orders that break each validation rule alone or together, records that cannot be read at all,
 * redeliveries (same {@code ce_id}) and replays (same orderId, new {@code ce_id}), each user's records in order and
 * the users interleaved. Alongside it, what order-service must make of it.
 */
final class OrderStream {

    static final String BINARY = "binary";
    static final String STRUCTURED = "structured";
    private static final ObjectMapper JSON = ContractJson.mapper();
    private static final String ACCOUNT = "acct-gen";

    /** Promos the stream uses besides the seeded WELCOME10; the test creates them before sending. */
    static final Map<String, Map<String, Object>> PROMOS = Map.of(
            "GENFUTURE", Map.of("percentOff", 50, "validFrom", "2028-01-01", "validUntil", "2028-12-31",
                    "appliesTo", List.of("SYMANTEC_VIP", "PHONEFACTOR")),
            "GENPAST", Map.of("percentOff", 50, "validFrom", "2020-01-01", "validUntil", "2020-12-31",
                    "appliesTo", List.of("SYMANTEC_VIP", "PHONEFACTOR")),
            "GENVIP", Map.of("amountOff", "1.50", "validFrom", "2027-01-01", "validUntil", "2027-12-31",
                    "appliesTo", List.of("SYMANTEC_VIP")),
            "GENTHIRD", Map.of("percentOff", "33.33", "validFrom", "2027-01-01", "validUntil", "2027-12-31",
                    "appliesTo", List.of("SYMANTEC_VIP", "PHONEFACTOR")));

    /** The monthly fee each usable promo (as sent, in any case) makes of each type: 4.00 and 3.00 before promos. */
    private static final Map<String, Map<AuthType, String>> FEES = new LinkedHashMap<>();

    static {
        FEES.put("", fees("4.00", "3.00"));
        FEES.put("WELCOME10", fees("3.60", "2.70"));
        FEES.put("GENTHIRD", fees("2.67", "2.00"));
        FEES.put("GENVIP", fees("2.50", null));
    }

    private static Map<AuthType, String> fees(String symantec, String phoneFactor) {
        Map<AuthType, String> fees = new EnumMap<>(AuthType.class);
        fees.put(AuthType.SYMANTEC_VIP, symantec);
        if (phoneFactor != null) {
            fees.put(AuthType.PHONEFACTOR, phoneFactor);
        }
        return fees;
    }

    /** One record to send. */
    record Outgoing(String key, byte[] value, Map<String, String> headers) {

        ProducerRecord<String, byte[]> toRecord() {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.BILLING_ORDERS, key, value);
            headers.forEach((name, v) -> record.headers().add(name, v.getBytes(StandardCharsets.UTF_8)));
            return record;
        }
    }

    /** What must come of a valid order: one {@code AuthOrdered} like this. */
    record ExpectedOrdered(String userId, String type, String credentialId, String promoCode, String monthlyFee,
            String email) {
    }

    /** What must come of an invalid order: one {@code OrderRejected} with exactly these {@code field:code}s. */
    record ExpectedRejected(String orderId, List<String> reasons) {
    }

    // what kinds of invalid order and unreadable record there are, for coverage and the report
    private enum Need { ANY, SYMANTEC, PHONEFACTOR, NO_TYPE }

    private record Mutation(String name, String group, Need need, String reason, Consumer<Draft> apply) {
    }

    private record Unreadable(String name, String reasonFragment) {
    }

    private static final List<Mutation> MUTATIONS = List.of(
            new Mutation("orderId missing", "orderId", Need.ANY, "orderId:REQUIRED", d -> d.orderId = null),
            new Mutation("orderId malformed", "orderId", Need.ANY, "orderId:INVALID_FORMAT",
                    d -> d.orderId = d.orderId + " #7"),
            new Mutation("accountId too long", "accountId", Need.ANY, "accountId:TOO_LONG",
                    d -> d.accountId = "acct-" + "9".repeat(60)),
            new Mutation("accountId malformed", "accountId", Need.ANY, "accountId:INVALID_FORMAT",
                    d -> d.accountId = "acct gen"),
            new Mutation("userId malformed", "userId", Need.ANY, "userId:INVALID_FORMAT", d -> d.userId += " x"),
            new Mutation("userId too long", "userId", Need.ANY, "userId:TOO_LONG",
                    d -> d.userId = d.userId + "-" + "u".repeat(64 - d.userId.length())),
            new Mutation("email missing", "email", Need.ANY, "email:REQUIRED", d -> d.email = null),
            new Mutation("email malformed", "email", Need.ANY, "email:INVALID_FORMAT",
                    d -> d.email = "no-at-sign.example.com"),
            new Mutation("email too long", "email", Need.ANY, "email:TOO_LONG",
                    d -> d.email = "a".repeat(250) + "@x.io"),
            new Mutation("type missing", "type", Need.NO_TYPE, "type:REQUIRED", d -> d.type = null),
            new Mutation("type unknown", "type", Need.NO_TYPE, "type:INVALID_VALUE", d -> d.type = "EMAIL_OTP"),
            new Mutation("credentialId missing (Symantec)", "type", Need.SYMANTEC, "credentialId:REQUIRED",
                    d -> d.credentialId = null),
            new Mutation("credentialId malformed (Symantec)", "type", Need.SYMANTEC, "credentialId:INVALID_FORMAT",
                    d -> d.credentialId = "vsst1234"),
            new Mutation("credentialId given (PhoneFactor)", "type", Need.PHONEFACTOR, "credentialId:NOT_ALLOWED",
                    d -> d.credentialId = "VSST12345678"),
            new Mutation("MSA not acknowledged", "msa", Need.ANY, "msaAcknowledged:MSA_NOT_ACKNOWLEDGED",
                    d -> d.msaAcknowledged = false),
            new Mutation("MSA acknowledgement missing", "msa", Need.ANY, "msaAcknowledged:MSA_NOT_ACKNOWLEDGED",
                    d -> d.msaAcknowledged = null),
            new Mutation("orderedBy too long", "orderedBy", Need.ANY, "orderedBy:TOO_LONG",
                    d -> d.orderedBy = "x".repeat(129)),
            new Mutation("promo unknown", "promo", Need.ANY, "promoCode:PROMO_UNKNOWN",
                    d -> d.promoCode = "NOSUCHPROMO"),
            new Mutation("promo not yet valid", "promo", Need.ANY, "promoCode:PROMO_NOT_YET_VALID",
                    d -> d.promoCode = "genfuture"),
            new Mutation("promo expired", "promo", Need.ANY, "promoCode:PROMO_EXPIRED", d -> d.promoCode = "GENPAST"),
            new Mutation("promo for another type", "promo", Need.PHONEFACTOR, "promoCode:PROMO_NOT_APPLICABLE",
                    d -> d.promoCode = "GENVIP"));

    private static final List<Unreadable> UNREADABLE = List.of(
            new Unreadable("not JSON", "record value is not JSON"),
            new Unreadable("JSON array", "event data is not a JSON object"),
            new Unreadable("wrong specversion (binary)", "unsupported CloudEvents specversion '0.3'"),
            new Unreadable("wrong specversion (structured)", "unsupported CloudEvents specversion '2.0'"),
            new Unreadable("missing ce_id", "CloudEvent attribute 'ce_id' is missing"),
            new Unreadable("missing id (structured)", "CloudEvent attribute 'id' is missing"),
            new Unreadable("unknown ce_type", "unknown event type 'OrderShipped'"),
            new Unreadable("no CloudEvent headers", "no ce_specversion header"),
            new Unreadable("structured without data", "structured CloudEvent has no JSON object in 'data'"),
            new Unreadable("ce_time not RFC 3339", "time 'yesterday' is not RFC 3339"),
            new Unreadable("empty value", "record has no value"),
            new Unreadable("userId missing", "OrderPlaced lacks required field(s) [userId]"),
            new Unreadable("key is not the userId", "is not the event's userId"),
            new Unreadable("oversized", "exceeds the limit of " + CloudEventCodec.MAX_VALUE_BYTES));

    /** An order being made up; any field may end up missing or malformed. */
    private static final class Draft {
        String accountId = ACCOUNT;
        String userId;
        String orderId;
        String email;
        String type;
        String credentialId;
        String promoCode;
        Boolean msaAcknowledged = true;
        String orderedBy = "billing-gen";

        byte[] json() {
            return bytes(JSON.valueToTree(new OrderPlaced(accountId, userId, orderId, email, type, credentialId,
                    promoCode, msaAcknowledged, orderedBy)));
        }
    }

    final long seed;
    final String prefix;
    private final Random random;
    private final List<List<Outgoing>> scenarios = new ArrayList<>();
    private int recordCount;
    private int users;
    private final Set<String> credentials = new HashSet<>();

    final Map<String, ExpectedOrdered> ordered = new LinkedHashMap<>();
    final Map<String, ExpectedRejected> rejected = new LinkedHashMap<>();
    final Map<String, String> deadLettered = new LinkedHashMap<>();
    final Map<String, Integer> kinds = new TreeMap<>();

    OrderStream(long seed, int records) {
        this.seed = seed;
        this.random = new Random(seed);
        this.prefix = "gen-" + Long.toHexString(seed) + "-";
        // every kind at least once, whatever the seed
        for (AuthType type : AuthType.values()) {
            for (String mode : List.of(BINARY, STRUCTURED)) {
                for (String promo : FEES.keySet()) {
                    if (FEES.get(promo).containsKey(type)) {
                        valid(type, mode, promo);
                    }
                }
            }
        }
        MUTATIONS.forEach(mutation -> invalid(List.of(mutation)));
        UNREADABLE.forEach(this::unreadable);
        alreadyLive();
        while (recordCount < records) {
            int dice = random.nextInt(100);
            if (dice < 45) {
                AuthType type = pick(List.of(AuthType.values()));
                List<String> promos = FEES.keySet().stream().filter(p -> FEES.get(p).containsKey(type)).toList();
                valid(type, mode(), pick(promos));
            } else if (dice < 75) {
                invalid(mutations());
            } else if (dice < 80) {
                alreadyLive();
            } else {
                List<Unreadable> kinds = random.nextInt(30) == 0 ? UNREADABLE : UNREADABLE.subList(0,
                        UNREADABLE.size() - 1);
                unreadable(pick(kinds));
            }
        }
    }

    /** The records in sending order: each user's in the order made, the users randomly interleaved. */
    List<Outgoing> records() {
        List<List<Outgoing>> pending = new ArrayList<>();
        scenarios.forEach(s -> pending.add(new ArrayList<>(s)));
        List<Integer> cursor = new ArrayList<>(Collections.nCopies(pending.size(), 0));
        List<Outgoing> out = new ArrayList<>(recordCount);
        while (!pending.isEmpty()) {
            int i = random.nextInt(pending.size());
            List<Outgoing> scenario = pending.get(i);
            int next = cursor.get(i);
            out.add(scenario.get(next));
            if (next + 1 == scenario.size()) {
                int last = pending.size() - 1;
                pending.set(i, pending.get(last));
                cursor.set(i, cursor.get(last));
                pending.remove(last);
                cursor.remove(last);
            } else {
                cursor.set(i, next + 1);
            }
        }
        return out;
    }

    int recordCount() {
        return recordCount;
    }

    private void valid(AuthType type, String mode, String promo) {
        Draft draft = draft(type);
        draft.promoCode = promo.isEmpty() ? null : random.nextBoolean() ? promo : promo.toLowerCase();
        List<Outgoing> records = new ArrayList<>();
        order(draft, mode, records, true);
        ordered.put(draft.orderId, expected(draft, type, promo));
        count("valid " + type + " " + mode + (promo.isEmpty() ? "" : " " + promo));
        add(records);
    }

    private void invalid(List<Mutation> mutations) {
        Need need = mutations.stream().map(Mutation::need).filter(n -> n != Need.ANY).findFirst().orElse(Need.ANY);
        AuthType type = switch (need) {
            case SYMANTEC -> AuthType.SYMANTEC_VIP;
            case PHONEFACTOR -> AuthType.PHONEFACTOR;
            case ANY, NO_TYPE -> pick(List.of(AuthType.values()));
        };
        Draft draft = draft(type);
        if (need == Need.NO_TYPE) {
            draft.credentialId = null;
        }
        mutations.forEach(m -> m.apply().accept(draft));
        boolean keyed = OrderValidator.isUsableOrderId(draft.orderId);
        List<Outgoing> records = new ArrayList<>();
        order(draft, mode(), records, keyed);
        rejected.put(draft.userId, new ExpectedRejected(draft.orderId,
                mutations.stream().map(Mutation::reason).sorted().toList()));
        count(mutations.size() == 1 ? "invalid: " + mutations.get(0).name()
                : "invalid: " + mutations.size() + " problems at once");
        add(records);
    }

    /** A second order (another orderId) while the user's first is live: the first is taken, the second refused. */
    private void alreadyLive() {
        AuthType type = pick(List.of(AuthType.values()));
        Draft first = draft(type);
        Draft second = draft(pick(List.of(AuthType.values())));
        second.userId = first.userId;
        second.email = first.email;
        List<Outgoing> records = new ArrayList<>();
        order(first, mode(), records, true);
        order(second, mode(), records, true);
        ordered.put(first.orderId, expected(first, type, ""));
        rejected.put(second.userId, new ExpectedRejected(second.orderId, List.of("userId:ALREADY_LIVE")));
        count("invalid: second order while the first is live");
        add(records);
    }

    private void unreadable(Unreadable kind) {
        String key = newUser();
        Draft draft = draft(AuthType.PHONEFACTOR);
        draft.userId = key;
        byte[] order = draft.json();
        String id = uuid();
        Map<String, String> headers = switch (kind.name()) {
            case "wrong specversion (binary)" -> binaryHeaders(id, key, "0.3", "OrderPlaced");
            case "missing ce_id" -> without(binaryHeaders(id, key, "1.0", "OrderPlaced"), "ce_id");
            case "unknown ce_type" -> binaryHeaders(id, key, "1.0", "OrderShipped");
            case "no CloudEvent headers" -> Map.of("content-type", "application/json");
            case "ce_time not RFC 3339" -> with(binaryHeaders(id, key, "1.0", "OrderPlaced"), "ce_time", "yesterday");
            case "wrong specversion (structured)", "missing id (structured)", "structured without data" ->
                    Map.of("content-type", "application/cloudevents+json; charset=UTF-8");
            default -> binaryHeaders(id, key, "1.0", "OrderPlaced");
        };
        byte[] value = switch (kind.name()) {
            case "not JSON" -> ("order " + draft.orderId + " for " + key).getBytes(StandardCharsets.UTF_8);
            case "JSON array" -> bytes(JSON.createArrayNode().add(JSON.valueToTree(draft.orderId)));
            case "wrong specversion (structured)" -> envelope(id, "2.0", order);
            case "missing id (structured)" -> {
                ObjectNode envelope = (ObjectNode) read(envelope(id, "1.0", order));
                envelope.remove("id");
                yield bytes(envelope);
            }
            case "structured without data" -> {
                ObjectNode envelope = (ObjectNode) read(envelope(id, "1.0", order));
                envelope.set("data", JSON.createArrayNode());
                yield bytes(envelope);
            }
            case "empty value" -> new byte[0];
            case "userId missing" -> {
                ObjectNode data = (ObjectNode) read(order);
                data.remove("userId");
                yield bytes(data);
            }
            case "key is not the userId" -> {
                ObjectNode data = (ObjectNode) read(order);
                data.put("userId", key + "-other");
                yield bytes(data);
            }
            case "oversized" -> {
                draft.orderedBy = "x".repeat(CloudEventCodec.MAX_VALUE_BYTES);
                yield draft.json();
            }
            default -> order;
        };
        deadLettered.put(key, kind.reasonFragment());
        count("unreadable: " + kind.name());
        add(List.of(new Outgoing(key, value, headers)));
    }

    /** The order's record, then perhaps a redelivery of it (same ce_id) and, when keyed, a replay (new ce_id). */
    private void order(Draft draft, String mode, List<Outgoing> records, boolean replayable) {
        String id = uuid();
        byte[] data = draft.json();
        Outgoing record = STRUCTURED.equals(mode)
                ? new Outgoing(draft.userId, envelope(id, "1.0", data),
                        Map.of("content-type", "application/cloudevents+json; charset=UTF-8"))
                : new Outgoing(draft.userId, data, binaryHeaders(id, draft.userId, "1.0", "OrderPlaced"));
        records.add(record);
        if (random.nextInt(100) < 15) {
            records.add(record);
            count("redelivery (same ce_id)");
        }
        if (replayable && random.nextInt(100) < 15) {
            String replayId = uuid();
            records.add(random.nextBoolean()
                    ? new Outgoing(draft.userId, envelope(replayId, "1.0", data),
                            Map.of("content-type", "application/cloudevents+json"))
                    : new Outgoing(draft.userId, data, binaryHeaders(replayId, draft.userId, "1.0", "OrderPlaced")));
            count("replay (same orderId, new ce_id)");
        }
    }

    private List<Mutation> mutations() {
        int wanted = random.nextInt(100) < 60 ? 1 : random.nextInt(100) < 60 ? 2 : 3 + random.nextInt(2);
        List<Mutation> chosen = new ArrayList<>();
        List<Mutation> candidates = new ArrayList<>(MUTATIONS);
        Collections.shuffle(candidates, random);
        Need need = Need.ANY;
        for (Mutation candidate : candidates) {
            if (chosen.size() == wanted) {
                break;
            }
            boolean groupTaken = chosen.stream().anyMatch(m -> m.group().equals(candidate.group()));
            boolean fits = candidate.need() == Need.ANY || need == Need.ANY || candidate.need() == need;
            if (!groupTaken && fits) {
                chosen.add(candidate);
                if (candidate.need() != Need.ANY) {
                    need = candidate.need();
                }
            }
        }
        return chosen;
    }

    private Draft draft(AuthType type) {
        Draft draft = new Draft();
        draft.userId = newUser();
        draft.orderId = "GEN-" + uuid();
        draft.email = draft.userId + "@example.com";
        draft.type = type.name();
        draft.credentialId = type == AuthType.SYMANTEC_VIP ? newCredential() : null;
        return draft;
    }

    /**
     * A credential no other order of the stream names: VIP binds a credential to one user, and one on another user's
     * live order is refused ({@code CREDENTIAL_IN_USE}). Drawn as before, again only when drawn before.
     */
    private String newCredential() {
        String credential;
        do {
            credential = "VSST" + (10_000_000 + random.nextInt(90_000_000));
        } while (!credentials.add(credential));
        return credential;
    }

    private static ExpectedOrdered expected(Draft draft, AuthType type, String promo) {
        return new ExpectedOrdered(draft.userId, type.name(), draft.credentialId, promo.isEmpty() ? null : promo,
                FEES.get(promo).get(type), draft.email);
    }

    private String newUser() {
        return prefix + (users++);
    }

    private String uuid() {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    private String mode() {
        return random.nextBoolean() ? BINARY : STRUCTURED;
    }

    private <T> T pick(List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }

    private void add(List<Outgoing> records) {
        scenarios.add(records);
        recordCount += records.size();
    }

    private void count(String kind) {
        kinds.merge(kind, 1, Integer::sum);
    }

    private static Map<String, String> binaryHeaders(String id, String subject, String specVersion, String type) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("ce_specversion", specVersion);
        headers.put("ce_id", id);
        headers.put("ce_source", "/billing-gen");
        headers.put("ce_type", type);
        headers.put("ce_time", "2027-03-01T08:00:00Z");
        headers.put("ce_subject", subject);
        headers.put("content-type", "application/json");
        return headers;
    }

    private static Map<String, String> without(Map<String, String> headers, String name) {
        headers.remove(name);
        return headers;
    }

    private static Map<String, String> with(Map<String, String> headers, String name, String value) {
        headers.put(name, value);
        return headers;
    }

    private static byte[] envelope(String id, String specVersion, byte[] data) {
        ObjectNode envelope = JSON.createObjectNode().put("specversion", specVersion).put("id", id)
                .put("source", "/billing-gen").put("type", "OrderPlaced").put("time", "2027-03-01T08:00:00Z")
                .put("datacontenttype", "application/json");
        envelope.set("data", read(data));
        return bytes(envelope);
    }

    private static JsonNode read(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (JacksonException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(Object node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JacksonException e) {
            throw new IllegalStateException(e);
        }
    }
}
