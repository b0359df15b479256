package io.extauth.order.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.contract.Topics;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.contract.events.OrderPlaced;
import io.extauth.contract.events.OrderRejected;
import io.extauth.order.OrderServiceIntegrationTestBase;
import io.extauth.testsupport.OversizedRequest;
import io.extauth.testsupport.RecordedEvent;
import io.extauth.testsupport.TestJwt;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.unit.DataSize;

/** What a caller may send, over HTTP and on billing.orders: bounded in size, shape and characters. */
class BoundedInputIntegrationTest extends OrderServiceIntegrationTestBase {

    private static final long TWO_HUNDRED_MB = 200L * 1024 * 1024;
    private static final int PARTITIONS = 3;

    @LocalServerPort
    private int port;

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private Environment environment;

    @Test
    void anUnauthenticatedBodyDeclaringFourHundredMegabytesIsAnswered413Unread() throws Exception {
        OversizedRequest.Outcome outcome = OversizedRequest.post(port, "/api/orders", null, 400L * 1024 * 1024, false);

        assertThat(outcome.status()).as(outcome.answer()).isEqualTo(413);
        assertThat(outcome.took()).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void twoMillionUnknownFieldsWithAContentLengthAreRefusedBeforeAnyParsing() throws Exception {
        OversizedRequest.Outcome outcome = OversizedRequest.post(port, "/api/orders", TestJwt.portal(),
                TWO_HUNDRED_MB, false);

        assertThat(outcome.status()).as(outcome.answer()).isEqualTo(413);
        assertThat(outcome.took()).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void twoMillionUnknownFieldsSentChunkedAreCutOffAtTheLimitWith413() throws Exception {
        OversizedRequest.Outcome outcome = OversizedRequest.post(port, "/api/orders", TestJwt.portal(),
                TWO_HUNDRED_MB, true);

        assertThat(outcome.status()).as(outcome.answer()).isEqualTo(413);
        // the service stopped reading at 64 KiB: what the client got out is what the socket buffers held
        assertThat(outcome.bytesSent()).isLessThan(TWO_HUNDRED_MB / 4);
        assertThat(outcome.took()).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void tomcatsOwnFormPostAndSwallowLimitsFollowTheBodyLimit() {
        assertThat(environment.getProperty("server.tomcat.max-http-form-post-size", DataSize.class))
                .isEqualTo(DataSize.ofKilobytes(64));
        assertThat(environment.getProperty("server.tomcat.max-swallow-size", DataSize.class))
                .isEqualTo(DataSize.ofKilobytes(64));
    }

    @Test
    void aNulInUserIdIsA422NamingTheFieldNotAServerError() {
        Map<String, Object> order = new HashMap<>(portalOrder(newUser()));
        order.put("userId", "car\u0000ol");

        Answer answer = call(HttpMethod.POST, "/api/orders", TestJwt.portal(), order);

        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.body().path("errors").findValuesAsString("field")).containsExactly("userId");
        assertThat(answer.body().path("errors").findValuesAsString("code")).containsExactly("INVALID_CHARACTER");
    }

    @Test
    void aNulInTheAccountIdQueryParameterIsA400ProblemNotAServerError() {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(TestJwt.portal());
        // a URI, not a template: the template would encode the '%' of %00
        ResponseEntity<String> answer = http.exchange(URI.create("http://127.0.0.1:" + port + "/api/orders?accountId="
                + ACCOUNT + "%00"), HttpMethod.GET, new HttpEntity<>(headers), String.class);

        assertThat(answer.getStatusCode().value()).isEqualTo(400);
        assertThat(answer.getHeaders().getContentType()).hasToString("application/problem+json;charset=UTF-8");
        assertThat(answer.getBody()).contains("'accountId'");
    }

    @Test
    void markupInOrderedByOfAPortalOrderIsNotStoredTheTokenSubjectIs() {
        Map<String, Object> order = new HashMap<>(portalOrder(newUser()));
        order.put("orderedBy", "<script>alert(1)</script>");

        Answer answer = call(HttpMethod.POST, "/api/orders", TestJwt.token("admin-7", "ADMIN", ACCOUNT), order);

        assertThat(answer.status()).isEqualTo(202);
        assertThat(jdbc.queryForObject("SELECT ordered_by FROM orders WHERE order_id = ?", String.class,
                answer.body().path("orderId").asText())).isEqualTo("admin-7");
    }

    @Test
    void aBillingOrderWithNulsIsRejectedAtOnceAndTheNextOrderOnItsPartitionIsTakenPromptly() {
        String nulUser = "nul\u0000" + newUser();
        String nulOrderId = newOrderId();
        String user = userOnTheSamePartitionAs(nulUser);
        String orderId = newOrderId();
        OrderPlaced withNuls = new OrderPlaced(ACCOUNT + "\u0000", nulUser, nulOrderId, "a\u0000@example.com",
                "PHONEFACTOR", null, "WELCOME\u000010", true, "billing\u0000");

        Instant sent = Instant.now();
        billing.sendBinary(Topics.BILLING_ORDERS, withNuls);
        billing.sendBinary(Topics.BILLING_ORDERS, phoneFactorOrder(orderId, user, null));

        OrderRejected rejected = recorder.awaitEvent(OrderRejected.class, r -> nulOrderId.equals(r.orderId()));
        assertThat(rejected.reasons()).extracting(OrderRejected.Reason::field).contains("accountId", "userId",
                "email", "promoCode", "orderedBy");
        assertThat(rejected.reasons()).extracting(OrderRejected.Reason::code).containsOnly("INVALID_FORMAT");
        recorder.awaitEvent(AuthOrdered.class, o -> orderId.equals(o.orderId()));
        // a retried record holds its partition for ~35 s (8 attempts) before its dead letter
        assertThat(Duration.between(sent, Instant.now())).isLessThan(Duration.ofSeconds(8));
        assertThat(recorder.events(Topics.deadLetterOf(Topics.BILLING_ORDERS), e -> nulUser.equals(e.key())))
                .isEmpty();
    }

    @Test
    void aBillingOrderWithAnAccountIdOfThousandsOfCharactersIsRejectedAtOnceAndTheNextOrderIsTakenPromptly() {
        // hex of random ids: nothing PostgreSQL's compression shortens below an index row's 2,704 bytes
        String hugeAccount = randomHex(8_000);
        String user = newUser();
        String orderId = newOrderId();
        String next = userOnTheSamePartitionAs(user);
        String nextOrderId = newOrderId();

        Instant sent = Instant.now();
        billing.sendBinary(Topics.BILLING_ORDERS, new OrderPlaced(hugeAccount, user, orderId, user + "@example.com",
                "PHONEFACTOR", null, null, true, "billing-system-7"));
        billing.sendBinary(Topics.BILLING_ORDERS, phoneFactorOrder(nextOrderId, next, null));

        OrderRejected rejected = recorder.awaitEvent(OrderRejected.class, r -> orderId.equals(r.orderId()));
        assertThat(rejected.reasons()).extracting(OrderRejected.Reason::field).containsExactly("accountId");
        assertThat(rejected.reasons()).extracting(OrderRejected.Reason::code).containsExactly("TOO_LONG");
        assertThat(rejected.accountId()).as("echoed cut to what an index takes").hasSize(512)
                .isEqualTo(hugeAccount.substring(0, 512));
        recorder.awaitEvent(AuthOrdered.class, o -> nextOrderId.equals(o.orderId()));
        assertThat(Duration.between(sent, Instant.now())).as("not held ~35 s by retries").isLessThan(
                Duration.ofSeconds(8));
        assertThat(recorder.events(Topics.deadLetterOf(Topics.BILLING_ORDERS), e -> user.equals(e.key()))).isEmpty();
    }

    @Test
    void aBillingRecordWithAnEventIdOfThousandsOfCharactersIsDeadLetteredAtOnceWithTheReason() {
        String user = newUser();
        String next = userOnTheSamePartitionAs(user);
        String nextOrderId = newOrderId();

        Instant sent = Instant.now();
        billing.sendBinary(Topics.BILLING_ORDERS, phoneFactorOrder(newOrderId(), user, null), randomHex(8_000));
        billing.sendBinary(Topics.BILLING_ORDERS, phoneFactorOrder(nextOrderId, next, null));

        RecordedEvent dead = recorder.awaitEvent(Topics.deadLetterOf(Topics.BILLING_ORDERS),
                event -> user.equals(event.key()));
        assertThat(dead.headers().get("extauth-dlt-reason")).contains("too large").contains("54000");
        recorder.awaitEvent(AuthOrdered.class, o -> nextOrderId.equals(o.orderId()));
        assertThat(Duration.between(sent, Instant.now())).as("not held ~35 s by retries").isLessThan(
                Duration.ofSeconds(8));
    }

    @Test
    void aRecordWithAKeyOfHundredsOfKilobytesIsDeadLetteredOnceAndTheNextOrderOnItsPartitionIsTaken() {
        // a key that is not the order's userId is refused, and the reason names the key: echoed whole, in the reason
        // and in spring-kafka's exception message header, it made a dead letter of 1.8 MB, over the producer's 1 MB:
        // its publishing failed, and the record was sought back and tried again for ever, holding the partition
        String hugeKey = randomHex(600_000);
        String user = newUser();
        String next = userOnTheSamePartitionAs(hugeKey);
        String nextOrderId = newOrderId();
        String data = "{\"accountId\":\"" + ACCOUNT + "\",\"userId\":\"" + user + "\",\"orderId\":\"" + newOrderId()
                + "\",\"email\":\"" + user + "@example.com\",\"type\":\"PHONEFACTOR\",\"msaAcknowledged\":true}";

        billing.sendRaw(Topics.BILLING_ORDERS, hugeKey, data.getBytes(StandardCharsets.UTF_8),
                "ce_specversion", "1.0", "ce_id", UUID.randomUUID().toString(), "ce_type", "OrderPlaced",
                "ce_source", "/billing", "content-type", "application/json");
        billing.sendBinary(Topics.BILLING_ORDERS, phoneFactorOrder(nextOrderId, next, null));

        recorder.awaitEvent(AuthOrdered.class, o -> nextOrderId.equals(o.orderId()));
        RecordedEvent dead = recorder.awaitEvent(Topics.deadLetterOf(Topics.BILLING_ORDERS),
                event -> hugeKey.equals(event.key()));
        assertThat(dead.headers().get("extauth-dlt-reason")).contains("is not the event's userId")
                .contains("(600000 characters)").hasSizeLessThan(1_200);
    }

    private static String randomHex(int length) {
        StringBuilder hex = new StringBuilder(length + 32);
        while (hex.length() < length) {
            hex.append(UUID.randomUUID().toString().replace("-", ""));
        }
        return hex.substring(0, length);
    }

    @Test
    void markupOrControlCharactersInABillingOrdersOrderedByRejectItNamingTheField() {
        String user = newUser();
        String orderId = newOrderId();
        OrderPlaced marked = new OrderPlaced(ACCOUNT, user, orderId, user + "@example.com", "PHONEFACTOR", null, null,
                true, "<img src=x onerror=alert(1)>");

        billing.sendBinary(Topics.BILLING_ORDERS, marked);

        OrderRejected rejected = recorder.awaitEvent(OrderRejected.class, r -> orderId.equals(r.orderId()));
        assertThat(rejected.reasons()).extracting(OrderRejected.Reason::field).containsExactly("orderedBy");
        assertThat(rejected.reasons()).extracting(OrderRejected.Reason::code).containsExactly("INVALID_FORMAT");
    }

    /** A well-formed user whose records land on the partition of {@code key}, behind its records. */
    private static String userOnTheSamePartitionAs(String key) {
        int partition = partitionOf(key);
        while (true) {
            String user = newUser();
            if (partitionOf(user) == partition) {
                return user;
            }
        }
    }

    private static int partitionOf(String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
    }
}
