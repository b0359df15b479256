package io.extauth.order.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import tools.jackson.databind.JsonNode;
import io.extauth.contract.AuthType;
import io.extauth.contract.PhoneFactorMethod;
import io.extauth.contract.Topics;
import io.extauth.contract.events.Activated;
import io.extauth.contract.events.Deactivated;
import io.extauth.contract.events.Provisioned;
import io.extauth.contract.events.ProvisioningFailed;
import io.extauth.order.OrderServiceIntegrationTestBase;
import io.extauth.order.status.OrderStatus.Change;
import io.extauth.order.status.adapter.Orders;
import io.extauth.testsupport.TestJwt;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

class OrderStatusIntegrationTest extends OrderServiceIntegrationTestBase {

    @Autowired
    private JdbcTemplate jdbc;

    private String placePortalOrder(String user) {
        Answer answer = call(HttpMethod.POST, "/api/orders", TestJwt.portal(), portalOrder(user));
        assertThat(answer.status()).isEqualTo(202);
        return answer.body().path("orderId").asText();
    }

    @Test
    void orderMovesThroughProvisionedAndActiveToDeactivatedAndTheUserMayOrderAgain() {
        String user = newUser();
        String orderId = placePortalOrder(user);

        billing.sendBinary(Topics.AUTH_PROVISIONED,
                new Provisioned(ACCOUNT, user, orderId, AuthType.PHONEFACTOR, "PF-42", Instant.now()));
        JsonNode provisioned = awaitOrderStatus(orderId, TestJwt.portal(), "PROVISIONED");
        assertThat(provisioned.path("monthlyFee").asText()).isEqualTo("3.00");

        billing.sendBinary(Topics.AUTH_ACTIVATED, new Activated(ACCOUNT, user, AuthType.PHONEFACTOR,
                PhoneFactorMethod.PHONE_CALL_STANDARD, Instant.now(), user));
        awaitOrderStatus(orderId, TestJwt.portal(), "ACTIVE");

        billing.sendBinary(Topics.AUTH_ACTIVATED, new Deactivated(ACCOUNT, user, "admin-" + ACCOUNT, Instant.now()));
        awaitOrderStatus(orderId, TestJwt.portal(), "DEACTIVATED");

        String again = placePortalOrder(user);
        assertThat(again).isNotEqualTo(orderId);
    }

    @Test
    void lateProvisioningReportsDoNotUndoAnActivation() {
        String user = newUser();
        String orderId = placePortalOrder(user);
        billing.sendBinary(Topics.AUTH_ACTIVATED, new Activated(ACCOUNT, user, AuthType.PHONEFACTOR,
                PhoneFactorMethod.SMS_ONE_TIME, Instant.now(), user));
        awaitOrderStatus(orderId, TestJwt.portal(), "ACTIVE");

        String provisioned = billing.sendBinary(Topics.AUTH_PROVISIONED,
                new Provisioned(ACCOUNT, user, orderId, AuthType.PHONEFACTOR, "PF-43", Instant.now()));
        String failed = billing.sendBinary(Topics.AUTH_PROVISIONED,
                new ProvisioningFailed(ACCOUNT, user, orderId, AuthType.PHONEFACTOR, "late", 1));

        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM inbox WHERE event_id IN (?, ?)", Long.class, provisioned, failed) == 2);
        assertThat(get("/api/orders/" + orderId, TestJwt.portal()).body().path("status").asText())
                .isEqualTo("ACTIVE");
    }

    @Test
    void anActivationNamingAnEarlierOrderLeavesTheUsersNewOrderAsItIs() {
        String user = newUser();
        String earlier = failedOrder(user);
        String reorder = placePortalOrder(user);

        String late = billing.sendBinary(Topics.AUTH_ACTIVATED, new Activated(ACCOUNT, user, AuthType.PHONEFACTOR,
                PhoneFactorMethod.SMS_ONE_TIME, Instant.now(), user, earlier));
        awaitHandled(late);
        assertThat(get("/api/orders/" + reorder, TestJwt.portal()).body().path("status").asText())
                .as("the new order is not the activated one").isEqualTo("ACCEPTED");
        assertThat(get("/api/orders/" + earlier, TestJwt.portal()).body().path("status").asText())
                .isEqualTo("PROVISIONING_FAILED");

        billing.sendBinary(Topics.AUTH_ACTIVATED, new Activated(ACCOUNT, user, AuthType.PHONEFACTOR,
                PhoneFactorMethod.SMS_ONE_TIME, Instant.now(), user, reorder));
        awaitOrderStatus(reorder, TestJwt.portal(), "ACTIVE");
    }

    @Test
    void aDeactivationNamingAnEarlierOrderLeavesTheUsersNewOrderAsItIs() {
        String user = newUser();
        String earlier = failedOrder(user);
        String reorder = placePortalOrder(user);

        // challenge-service deactivated the user while it was still on the earlier order
        String late = billing.sendBinary(Topics.AUTH_ACTIVATED, new Deactivated(ACCOUNT, user, "admin-1",
                Instant.now(), AuthType.PHONEFACTOR, earlier));
        awaitHandled(late);
        assertThat(get("/api/orders/" + reorder, TestJwt.portal()).body().path("status").asText())
                .as("the new order is not the deactivated one").isEqualTo("ACCEPTED");

        billing.sendBinary(Topics.AUTH_ACTIVATED, new Deactivated(ACCOUNT, user, "admin-1", Instant.now(),
                AuthType.PHONEFACTOR, reorder));
        awaitOrderStatus(reorder, TestJwt.portal(), "DEACTIVATED");
    }

    /** An order of the user whose provisioning failed here: the user may order again. */
    private String failedOrder(String user) {
        String order = placePortalOrder(user);
        billing.sendBinary(Topics.AUTH_PROVISIONED,
                new ProvisioningFailed(ACCOUNT, user, order, AuthType.PHONEFACTOR, "vendor said no", 5));
        awaitOrderStatus(order, TestJwt.portal(), "PROVISIONING_FAILED");
        return order;
    }

    @Test
    void provisioningFailureEndsTheOrderAndFreesTheUser() {
        String user = newUser();
        String orderId = placePortalOrder(user);

        billing.sendBinary(Topics.AUTH_PROVISIONED,
                new ProvisioningFailed(ACCOUNT, user, orderId, AuthType.PHONEFACTOR, "vendor said no", 5));

        awaitOrderStatus(orderId, TestJwt.admin(ACCOUNT), "PROVISIONING_FAILED");
        assertThat(placePortalOrder(user)).isNotEqualTo(orderId);
    }

    @Test
    void aProvisioningReportThatNamesTheOrderButAnotherUserLeavesTheOrderAsItIs() {
        String user = newUser();
        String orderId = placePortalOrder(user);

        String wrongUser = billing.sendBinary(Topics.AUTH_PROVISIONED,
                new Provisioned(ACCOUNT, newUser(), orderId, AuthType.PHONEFACTOR, "PF-44", Instant.now()));
        String wrongAccount = billing.sendBinary(Topics.AUTH_PROVISIONED,
                new ProvisioningFailed("other-" + ACCOUNT, user, orderId, AuthType.PHONEFACTOR, "no", 1));

        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM inbox WHERE event_id IN (?, ?)", Long.class, wrongUser, wrongAccount) == 2);
        assertThat(get("/api/orders/" + orderId, TestJwt.portal()).body().path("status").asText())
                .isEqualTo("ACCEPTED");
    }

    @Test
    void aMoveSaysWhatItFoundAndWhatItDid(@Autowired Orders orders,
            @Autowired TransactionTemplate transactions) {
        String user = newUser();
        String orderId = placePortalOrder(user);
        Instant at = Instant.parse("2026-11-30T12:00:00Z");

        Optional<Orders.Move> provisioned = transactions.execute(status -> orders.move(orderId, ACCOUNT, user,
                Change.PROVISIONED, at));
        Optional<Orders.Move> again = transactions.execute(status -> orders.move(orderId, ACCOUNT, user,
                Change.PROVISIONED, at));
        Optional<Orders.Move> otherUser = transactions.execute(status -> orders.moveLive(ACCOUNT, newUser(),
                Change.ACTIVATED, at));
        Optional<Orders.Move> activated = transactions.execute(status -> orders.moveLive(ACCOUNT, user,
                Change.ACTIVATED, at));
        Optional<Orders.Move> notHers = transactions.execute(status -> orders.move(orderId, ACCOUNT, newUser(),
                Change.DEACTIVATED, at));

        assertThat(provisioned).contains(new Orders.Move(orderId, ACCOUNT, user, OrderStatus.ACCEPTED,
                OrderStatus.PROVISIONED));
        assertThat(again).contains(new Orders.Move(orderId, ACCOUNT, user, OrderStatus.PROVISIONED, null));
        assertThat(otherUser).isEmpty();
        assertThat(activated).contains(new Orders.Move(orderId, ACCOUNT, user, OrderStatus.PROVISIONED,
                OrderStatus.ACTIVE));
        assertThat(notHers).get().extracting(Orders.Move::to).isNull();
        assertThat(orders.find(orderId)).get().satisfies(order -> {
            assertThat(order.status()).isEqualTo(OrderStatus.ACTIVE);
            assertThat(order.updatedAt()).isEqualTo(at);
        });
    }

    @Test
    void unknownOrderIsAProblemNotFound() {
        Answer answer = get("/api/orders/no-such-order", TestJwt.portal());

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.body().path("detail").asText()).contains("no-such-order");
    }

    @Test
    void accountOrdersAreListedNewestFirstInPages() {
        String account = "acct-list-" + newUser();
        String[] ids = new String[3];
        for (int i = 0; i < 3; i++) {
            var order = new java.util.HashMap<>(portalOrder(newUser()));
            order.put("accountId", account);
            Answer answer = call(HttpMethod.POST, "/api/orders", TestJwt.portal(), order);
            assertThat(answer.status()).isEqualTo(202);
            ids[i] = answer.body().path("orderId").asText();
        }

        Answer first = get("/api/orders?accountId=" + account + "&page=0&size=2", TestJwt.admin(account));
        Answer second = get("/api/orders?accountId=" + account + "&page=1&size=2", TestJwt.admin(account));

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body().path("items").findValuesAsString("orderId")).containsExactly(ids[2], ids[1]);
        assertThat(first.body().path("totalElements").asLong()).isEqualTo(3);
        assertThat(second.body().path("items").findValuesAsString("orderId")).containsExactly(ids[0]);
    }

    @Test
    void anOrderALaterVersionWroteIsLeftOutOfTheAccountsListInsteadOfFailingIt() {
        String account = "acct-list-" + newUser();
        var order = new java.util.HashMap<>(portalOrder(newUser()));
        order.put("accountId", account);
        String known = call(HttpMethod.POST, "/api/orders", TestJwt.portal(), order).body().path("orderId").asText();
        // as a later version leaves it: a status added since
        jdbc.update("""
                INSERT INTO orders (order_id, channel, account_id, user_id, status, created_at, updated_at)
                VALUES (?, 'PORTAL', ?, ?, 'ON_HOLD', now(), now())""", "order-of-a-later-version-" + account,
                account, newUser());

        Answer listed = get("/api/orders?accountId=" + account + "&page=0&size=10", TestJwt.admin(account));

        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.body().path("items").findValuesAsString("orderId")).containsExactly(known);
        assertThat(listed.body().path("totalElements").asLong()).isEqualTo(1);
    }
}
