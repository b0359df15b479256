package io.extauth.order;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.contract.AuthType;
import io.extauth.contract.Topics;
import io.extauth.contract.events.Provisioned;
import io.extauth.order.status.adapter.Orders;
import io.extauth.testsupport.NetworkRoundTrips;
import io.extauth.testsupport.RoundTrips;
import io.extauth.testsupport.TestJwt;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.TestPropertySource;

/**
 * What one record costs order-service's database on the event path (issue 14): the round trips (statements, commits)
 * its listener thread makes for a record that is handled alone, the inbox row, the handler's statements, the outbox
 * row and the commit included. Every check still runs (a repeat of an orderId, the user's live order, the order's
 * owner and status); none of it is paid twice.
 */
@Import(RoundTrips.class)
// the round trips counted on the wire too, the driver as a running service's (NetworkRoundTrips)
@TestPropertySource(properties = {NetworkRoundTrips.PROPERTY + "=" + NetworkRoundTrips.NAME,
        NetworkRoundTrips.PREPARE_THRESHOLD + "=1"})
class EventPathRoundTripsIntegrationTest extends OrderServiceIntegrationTestBase {

    @Autowired
    private RoundTrips roundTrips;
    @Autowired
    private Orders orders;

    @Test
    void theOrdersTableIsCalledWithoutAProxy() {
        // JdbcTemplate translates SQLExceptions itself: a @Repository's translation proxy only added a call per call
        assertThat(AopUtils.isAopProxy(orders)).isFalse();
    }

    @Test
    void anAcceptedBillingOrderCostsThreeRoundTrips() {
        String user = newUser();
        String orderId = newOrderId();

        roundTrips.reset();
        awaitHandled(billing.sendBinary(Topics.BILLING_ORDERS, phoneFactorOrder(orderId, user, null)));

        awaitOrderStatus(orderId, TestJwt.admin(ACCOUNT), "ACCEPTED");
        List<RoundTrips.RoundTrip> listener = roundTrips.of(RoundTrips.LISTENERS);
        List<NetworkRoundTrips.Turn> listenerOnTheWire = roundTrips.onTheWire(RoundTrips.LISTENERS);
        // inbox, the order (its insert finds the user has no live order), the outbox with the commit; 4 before (the
        // user's live order read and locked first)
        assertThat(listener).as("round trips of OrderPlaced: %s", listener).hasSizeBetween(2, 3);
        assertThat(listenerOnTheWire).as("on the wire, no more: %s", listenerOnTheWire)
                .isNotEmpty().hasSizeLessThanOrEqualTo(listener.size());
    }

    @Test
    void aProvisionedOrderCostsThreeRoundTrips() {
        String user = newUser();
        Answer placed = call(HttpMethod.POST, "/api/orders", TestJwt.portal(), portalOrder(user));
        assertThat(placed.status()).isEqualTo(202);
        String orderId = placed.body().path("orderId").asText();

        roundTrips.reset();
        awaitHandled(billing.sendBinary(Topics.AUTH_PROVISIONED,
                new Provisioned(ACCOUNT, user, orderId, AuthType.PHONEFACTOR, "PF-1", Instant.now())));

        awaitOrderStatus(orderId, TestJwt.portal(), "PROVISIONED");
        List<RoundTrips.RoundTrip> listener = roundTrips.of(RoundTrips.LISTENERS);
        List<NetworkRoundTrips.Turn> listenerOnTheWire = roundTrips.onTheWire(RoundTrips.LISTENERS);
        // inbox, the order locked and moved in one statement, commit; 4 before (locked, then moved)
        assertThat(listener).as("round trips of Provisioned: %s", listener).hasSizeLessThanOrEqualTo(3);
        assertThat(listenerOnTheWire).as("on the wire, no more: %s", listenerOnTheWire)
                .isNotEmpty().hasSizeLessThanOrEqualTo(listener.size());
    }
}
