package io.extauth.order.intake;

import static io.extauth.testsupport.RecordedEvents.assertThatEvents;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import tools.jackson.databind.JsonNode;
import io.extauth.contract.AuthType;
import io.extauth.contract.OrderChannel;
import io.extauth.contract.Topics;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.contract.events.OrderPlaced;
import io.extauth.contract.events.OrderRejected;
import io.extauth.order.OrderServiceIntegrationTestBase;
import io.extauth.testsupport.RecordedEvent;
import io.extauth.testsupport.TestJwt;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

class BillingDoorIntegrationTest extends OrderServiceIntegrationTestBase {

    @Autowired
    private DataSource dataSource;
    @Autowired
    private JdbcTemplate jdbc;

    private static final String DLT = Topics.deadLetterOf(Topics.BILLING_ORDERS);

    @Test
    void binaryModeOrderBecomesAuthOrderedWithPromoPriceAndBillingChannel() {
        String user = newUser();
        String orderId = newOrderId();

        billing.sendBinary(Topics.BILLING_ORDERS, phoneFactorOrder(orderId, user, "welcome10"));

        RecordedEvent record = recorder.awaitRecord(AuthOrdered.class, o -> orderId.equals(o.orderId()));
        assertThat(record.key()).isEqualTo(user);
        assertThat(record.headers()).containsEntry("ce_source", "/order-service").containsEntry("ce_subject", user);
        AuthOrdered ordered = record.as(AuthOrdered.class);
        assertThat(ordered.monthlyFee()).isEqualTo(new BigDecimal("2.70"));
        assertThat(ordered.channel()).isEqualTo(OrderChannel.BILLING);
        assertThat(ordered.promoCode()).isEqualTo("WELCOME10");
        assertThat(ordered.email()).isEqualTo(user + "@example.com");
        assertThat(ordered.type()).isEqualTo(AuthType.PHONEFACTOR);
        assertThat(ordered.credentialId()).isNull();
        assertThat(LocalDate.ofInstant(ordered.orderedAt(), ZoneOffset.UTC)).isEqualTo(LocalDate.of(2027, 3, 1));
        JsonNode view = awaitOrderStatus(orderId, TestJwt.admin(ACCOUNT), "ACCEPTED");
        assertThat(view.path("channel").asText()).isEqualTo("BILLING");
        assertThat(view.path("monthlyFee").asText()).isEqualTo("2.70");
    }

    @Test
    void structuredModeOrderBecomesAuthOrderedWithListPrice() {
        String user = newUser();
        String orderId = newOrderId();

        billing.sendStructured(Topics.BILLING_ORDERS, symantecOrder(orderId, user));

        AuthOrdered ordered = recorder.awaitEvent(AuthOrdered.class, o -> orderId.equals(o.orderId()));
        assertThat(ordered.monthlyFee()).isEqualTo(new BigDecimal("4.00"));
        assertThat(ordered.channel()).isEqualTo(OrderChannel.BILLING);
        assertThat(ordered.credentialId()).isEqualTo(credentialOf(user));
        assertThat(ordered.type()).isEqualTo(AuthType.SYMANTEC_VIP);
    }

    @Test
    void orderWithoutMsaAcknowledgementIsRejectedOnceWithEveryReason() {
        String user = newUser();
        String orderId = newOrderId();
        OrderPlaced invalid = new OrderPlaced(ACCOUNT, user, orderId, "not-an-address", "PHONEFACTOR",
                "VSST12345678", "NOSUCHPROMO", false, "x".repeat(129));

        String eventId = billing.sendBinary(Topics.BILLING_ORDERS, invalid);
        billing.sendBinary(Topics.BILLING_ORDERS, invalid, eventId);

        RecordedEvent record = recorder.awaitRecord(OrderRejected.class, r -> orderId.equals(r.orderId()));
        assertThat(record.key()).isEqualTo(user);
        OrderRejected rejected = record.as(OrderRejected.class);
        assertThat(rejected.reasons()).extracting(OrderRejected.Reason::code).containsExactlyInAnyOrder(
                "INVALID_FORMAT", "NOT_ALLOWED", "MSA_NOT_ACKNOWLEDGED", "TOO_LONG", "PROMO_UNKNOWN");
        assertThat(rejected.reasons()).extracting(OrderRejected.Reason::field).containsExactlyInAnyOrder(
                "email", "credentialId", "msaAcknowledged", "orderedBy", "promoCode");
        assertExactlyOne(OrderRejected.class, r -> orderId.equals(r.orderId()));
        assertThatEvents(recorder.events()).containsNone(AuthOrdered.class, o -> orderId.equals(o.orderId()));
        JsonNode view = awaitOrderStatus(orderId, TestJwt.admin(ACCOUNT), "REJECTED");
        assertThat(view.path("reasons").findValuesAsString("code")).hasSize(5);
    }

    @Test
    void theSameBillingOrderIdTwiceYieldsOneAuthOrdered() {
        String user = newUser();
        String orderId = newOrderId();
        OrderPlaced order = symantecOrder(orderId, user);

        String eventId = billing.sendBinary(Topics.BILLING_ORDERS, order);
        billing.sendBinary(Topics.BILLING_ORDERS, order, eventId);
        billing.sendStructured(Topics.BILLING_ORDERS, order);
        // a later order of the same user travels behind the repeats on the user's partition
        String later = newOrderId();
        billing.sendBinary(Topics.BILLING_ORDERS, symantecOrder(later, user));

        OrderRejected laterRejected = recorder.awaitEvent(OrderRejected.class, r -> later.equals(r.orderId()));
        assertThat(laterRejected.reasons()).extracting(OrderRejected.Reason::code).containsExactly("ALREADY_LIVE");
        assertExactlyOne(AuthOrdered.class, o -> orderId.equals(o.orderId()));
        assertThatEvents(recorder.events()).containsNone(OrderRejected.class, r -> orderId.equals(r.orderId()));
    }

    @Test
    void anOrderIdTakenByAnotherUsersOrderIsRejectedAsReusedAndTheFirstOrderStandsUntold() {
        String first = newUser();
        String second = newUser();
        String orderId = newOrderId();
        billing.sendBinary(Topics.BILLING_ORDERS, symantecOrder(orderId, first));
        recorder.awaitEvent(AuthOrdered.class, o -> orderId.equals(o.orderId()));

        billing.sendBinary(Topics.BILLING_ORDERS, phoneFactorOrder(orderId, second, null));

        RecordedEvent record = recorder.awaitRecord(OrderRejected.class, r -> orderId.equals(r.orderId()));
        assertThat(record.key()).isEqualTo(second);
        OrderRejected rejected = record.as(OrderRejected.class);
        assertThat(rejected.userId()).isEqualTo(second);
        assertThat(rejected.reasons()).extracting(OrderRejected.Reason::code).containsExactly("ORDER_ID_REUSED");
        assertThat(rejected.reasons()).extracting(OrderRejected.Reason::field).containsExactly("orderId");
        assertThat(rejected.reasons().get(0).message()).doesNotContain(first);
        assertExactlyOne(AuthOrdered.class, o -> orderId.equals(o.orderId()));
        assertThat(recorder.events(Topics.AUTH_ORDERED, e -> second.equals(e.key()))).isEmpty();
        JsonNode view = awaitOrderStatus(orderId, TestJwt.admin(ACCOUNT), "ACCEPTED");
        assertThat(view.path("userId").asText()).isEqualTo(first);

        // the README's promise: not one event per orderId ever, but one OrderRejected for each record that reuses it
        billing.sendBinary(Topics.BILLING_ORDERS, phoneFactorOrder(orderId, second, null));

        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(10)).until(() -> assertThatEvents(
                recorder.events()).of(OrderRejected.class, r -> orderId.equals(r.orderId())).size() == 2);
        assertExactlyOne(AuthOrdered.class, o -> orderId.equals(o.orderId()));
    }

    @Test
    void aRejectedOrderStoredWithAControlCharacterBeforeTheyWereReplacedIsStillRecognisedWhenSentAgain() {
        String orderId = newOrderId();
        String user = "ja\tne-" + UUID.randomUUID();
        // as an instance of before stored it: the tab kept
        jdbc.update("""
                INSERT INTO orders (order_id, channel, account_id, user_id, email, type, credential_id, promo_code,
                    ordered_by, monthly_fee, status, reasons, created_at, updated_at)
                VALUES (?, 'BILLING', ?, ?, 'not-an-address', 'PHONEFACTOR', NULL, NULL, 'billing-system-7', NULL,
                    'REJECTED', '[]'::jsonb, now(), now())""", orderId, ACCOUNT, user);

        billing.sendBinary(Topics.BILLING_ORDERS, new OrderPlaced(ACCOUNT, user, orderId, "not-an-address",
                "PHONEFACTOR", null, null, true, "billing-system-7"));
        String later = newOrderId();
        billing.sendBinary(Topics.BILLING_ORDERS, new OrderPlaced(ACCOUNT, user, later, "not-an-address",
                "PHONEFACTOR", null, null, true, "billing-system-7"));

        recorder.awaitEvent(OrderRejected.class, r -> later.equals(r.orderId()));
        // a repeat, not a reuse of its orderId
        assertThatEvents(recorder.events()).containsNone(OrderRejected.class, r -> orderId.equals(r.orderId()));
    }

    @Test
    void aPhoneFactorOrderSentAgainWithABlankCredentialIsARepeatNotAReuse() {
        String user = newUser();
        String orderId = newOrderId();
        // accepted: a blank credentialId is no credential, and the order keeps none
        OrderPlaced order = new OrderPlaced(ACCOUNT, user, orderId, user + "@example.com", "PHONEFACTOR", "", null,
                true, "billing-system-7");
        billing.sendBinary(Topics.BILLING_ORDERS, order);
        recorder.awaitEvent(AuthOrdered.class, o -> orderId.equals(o.orderId()));

        // sent again (a timeout on the billing side), with a new event id; a later order of the user behind it
        billing.sendBinary(Topics.BILLING_ORDERS, order);
        String later = newOrderId();
        billing.sendBinary(Topics.BILLING_ORDERS, phoneFactorOrder(later, user, null));

        recorder.awaitEvent(OrderRejected.class, r -> later.equals(r.orderId()));
        assertThatEvents(recorder.events()).containsNone(OrderRejected.class, r -> orderId.equals(r.orderId()));
        assertExactlyOne(AuthOrdered.class, o -> orderId.equals(o.orderId()));
    }

    @Test
    void anInvalidOrderOfAUserWithALiveOrderIsRejectedWithEveryReasonTheLiveOrderIncluded() {
        String user = newUser();
        String live = newOrderId();
        billing.sendBinary(Topics.BILLING_ORDERS, symantecOrder(live, user));
        recorder.awaitEvent(AuthOrdered.class, o -> live.equals(o.orderId()));

        String later = newOrderId();
        billing.sendBinary(Topics.BILLING_ORDERS, new OrderPlaced(ACCOUNT, user, later, "not-an-address",
                "PHONEFACTOR", null, null, true, "billing-system-7"));

        OrderRejected rejected = recorder.awaitEvent(OrderRejected.class, r -> later.equals(r.orderId()));
        assertThat(rejected.reasons()).extracting(OrderRejected.Reason::code)
                .containsExactlyInAnyOrder("INVALID_FORMAT", "ALREADY_LIVE");
        assertThat(rejected.reasons()).filteredOn(r -> "ALREADY_LIVE".equals(r.code())).singleElement()
                .satisfies(r -> assertThat(r.message()).contains(live));
    }

    /**
     * An accepted billing order is stored without reading the user's live order first; its insert waits on the index
     * for a live order another transaction is writing, and decides by how that transaction ends.
     */
    @Test
    void anOrderWhileAnotherLiveOrderOfTheUserIsBeingWrittenWaitsAndIsRejectedWhenThatOneCommits() throws Exception {
        String user = newUser();
        String other = newOrderId();
        try (Connection writing = dataSource.getConnection()) {
            writing.setAutoCommit(false);
            insertLiveOrder(writing, other, user);
            String orderId = newOrderId();
            billing.sendBinary(Topics.BILLING_ORDERS, symantecOrder(orderId, user));
            awaitAnInsertWaitingOnALock();
            writing.commit();

            OrderRejected rejected = recorder.awaitEvent(OrderRejected.class, r -> orderId.equals(r.orderId()));
            assertThat(rejected.reasons()).extracting(OrderRejected.Reason::code).containsExactly("ALREADY_LIVE");
            assertThat(rejected.reasons().get(0).message()).contains(other);
            assertThatEvents(recorder.events()).containsNone(AuthOrdered.class, o -> orderId.equals(o.orderId()));
            awaitOrderStatus(orderId, TestJwt.admin(ACCOUNT), "REJECTED");
        }
    }

    @Test
    void anOrderWhileAnotherLiveOrderOfTheUserIsBeingWrittenIsAcceptedWhenThatOneRollsBack() throws Exception {
        String user = newUser();
        try (Connection writing = dataSource.getConnection()) {
            writing.setAutoCommit(false);
            insertLiveOrder(writing, newOrderId(), user);
            String orderId = newOrderId();
            billing.sendBinary(Topics.BILLING_ORDERS, symantecOrder(orderId, user));
            awaitAnInsertWaitingOnALock();
            writing.rollback();

            recorder.awaitEvent(AuthOrdered.class, o -> orderId.equals(o.orderId()));
            assertThatEvents(recorder.events()).containsNone(OrderRejected.class, r -> orderId.equals(r.orderId()));
            awaitOrderStatus(orderId, TestJwt.admin(ACCOUNT), "ACCEPTED");
        }
    }

    @Test
    void aSymantecOrderOfACredentialOnAnotherUsersLiveOrderIsRejectedAsInUseAndNothingIsOrdered() {
        String holder = newUser();
        String held = newOrderId();
        billing.sendBinary(Topics.BILLING_ORDERS, symantecOrder(held, holder));
        recorder.awaitEvent(AuthOrdered.class, o -> held.equals(o.orderId()));

        String other = newUser();
        String orderId = newOrderId();
        billing.sendBinary(Topics.BILLING_ORDERS, new OrderPlaced("acct-other", other, orderId,
                other + "@example.com", "SYMANTEC_VIP", credentialOf(holder), null, true, "billing-system-7"));

        RecordedEvent record = recorder.awaitRecord(OrderRejected.class, r -> orderId.equals(r.orderId()));
        assertThat(record.key()).isEqualTo(other);
        OrderRejected rejected = record.as(OrderRejected.class);
        assertThat(rejected.reasons()).extracting(OrderRejected.Reason::field).containsExactly("credentialId");
        assertThat(rejected.reasons()).extracting(OrderRejected.Reason::code).containsExactly("CREDENTIAL_IN_USE");
        assertThat(rejected.reasons().get(0).message()).contains(credentialOf(holder)).doesNotContain(holder, held,
                ACCOUNT);
        assertExactlyOne(OrderRejected.class, r -> orderId.equals(r.orderId()));
        assertThat(recorder.events(Topics.AUTH_ORDERED, e -> other.equals(e.key()))).isEmpty();
        awaitOrderStatus(orderId, TestJwt.admin("acct-other"), "REJECTED");
        awaitOrderStatus(held, TestJwt.admin(ACCOUNT), "ACCEPTED");
    }

    /**
     * Two users' orders of one credential at once: the billing order, stored without reading first, waits on the
     * index for the live order of the credential another transaction is writing, and is rejected when that one
     * commits; exactly one of them is live.
     */
    @Test
    void anOrderOfACredentialWhileAnotherUsersOrderOfItIsBeingWrittenWaitsAndIsRejectedWhenThatOneCommits()
            throws Exception {
        String holder = newUser();
        String credential = credentialOf(holder);
        try (Connection writing = dataSource.getConnection()) {
            writing.setAutoCommit(false);
            try (PreparedStatement insert = writing.prepareStatement("""
                    INSERT INTO orders (order_id, channel, account_id, user_id, email, type, credential_id, status,
                        created_at, updated_at)
                    VALUES (?, 'PORTAL', ?, ?, ?, 'SYMANTEC_VIP', ?, 'ACCEPTED', now(), now())""")) {
                insert.setString(1, newOrderId());
                insert.setString(2, ACCOUNT);
                insert.setString(3, holder);
                insert.setString(4, holder + "@example.com");
                insert.setString(5, credential);
                insert.executeUpdate();
            }
            String other = newUser();
            String orderId = newOrderId();
            billing.sendBinary(Topics.BILLING_ORDERS, new OrderPlaced("acct-other", other, orderId,
                    other + "@example.com", "SYMANTEC_VIP", credential, null, true, "billing-system-7"));
            awaitAnInsertWaitingOnALock();
            writing.commit();

            OrderRejected rejected = recorder.awaitEvent(OrderRejected.class, r -> orderId.equals(r.orderId()));
            assertThat(rejected.reasons()).extracting(OrderRejected.Reason::code).containsExactly("CREDENTIAL_IN_USE");
            assertThatEvents(recorder.events()).containsNone(AuthOrdered.class, o -> orderId.equals(o.orderId()));
            awaitOrderStatus(orderId, TestJwt.admin("acct-other"), "REJECTED");
            assertThat(jdbc.queryForObject("SELECT count(*) FROM orders WHERE credential_id = ? AND status IN "
                    + "('ACCEPTED', 'PROVISIONED', 'ACTIVE', 'LOCKED')", Long.class, credential)).isEqualTo(1);
        }
    }

    private static void insertLiveOrder(Connection connection, String orderId, String user) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO orders (order_id, channel, account_id, user_id, email, type, status, created_at, updated_at)
                VALUES (?, 'PORTAL', ?, ?, ?, 'PHONEFACTOR', 'ACCEPTED', now(), now())""")) {
            insert.setString(1, orderId);
            insert.setString(2, ACCOUNT);
            insert.setString(3, user);
            insert.setString(4, user + "@example.com");
            insert.executeUpdate();
        }
    }

    /** Waits until the listener's insert into {@code orders} waits for another transaction. */
    private void awaitAnInsertWaitingOnALock() {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> Boolean.TRUE.equals(
                jdbc.queryForObject("""
                        SELECT EXISTS (SELECT 1 FROM pg_stat_activity
                          WHERE wait_event_type = 'Lock' AND query LIKE 'INSERT INTO orders%')""", Boolean.class)));
    }

    @Test
    void recordThatIsNotJsonIsDeadLetteredWithItsReasonAndALaterOrderStillFlows() {
        String user = newUser();
        billing.sendRaw(Topics.BILLING_ORDERS, user, "this is no order".getBytes(StandardCharsets.UTF_8),
                "ce_specversion", "1.0", "ce_id", UUID.randomUUID().toString(), "ce_type", "OrderPlaced",
                "ce_source", "/billing", "content-type", "application/json");
        String orderId = newOrderId();
        billing.sendBinary(Topics.BILLING_ORDERS, symantecOrder(orderId, user));

        RecordedEvent dead = recorder.awaitEvent(DLT, event -> user.equals(event.key()));
        assertThat(dead.value()).isEqualTo("this is no order");
        assertThat(dead.headers().get("extauth-dlt-reason")).contains("not JSON");
        recorder.awaitEvent(AuthOrdered.class, o -> orderId.equals(o.orderId()));
    }

    @Test
    void orderThatNamesNoUserCannotBeKeyedAndIsDeadLettered() {
        String key = newUser();
        String data = "{\"accountId\":\"" + ACCOUNT + "\",\"orderId\":\"" + newOrderId() + "\",\"type\":\"PHONEFACTOR\"}";
        billing.sendRaw(Topics.BILLING_ORDERS, key, data.getBytes(StandardCharsets.UTF_8),
                "ce_specversion", "1.0", "ce_id", UUID.randomUUID().toString(), "ce_type", "OrderPlaced",
                "ce_source", "/billing", "content-type", "application/json");

        RecordedEvent dead = recorder.awaitEvent(DLT, event -> key.equals(event.key()));
        assertThat(dead.headers().get("extauth-dlt-reason")).contains("userId");
    }
}
