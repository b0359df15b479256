package io.extauth.order.status;

import static io.extauth.testsupport.RecordedEvents.assertThatEvents;
import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.contract.AuthType;
import io.extauth.contract.Topics;
import io.extauth.contract.events.OrderCancelled;
import io.extauth.contract.events.OrderPlaced;
import io.extauth.contract.events.Provisioned;
import io.extauth.order.OrderServiceIntegrationTestBase;
import io.extauth.testsupport.RecordedEvent;
import io.extauth.testsupport.TestJwt;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

class OrderCancelIntegrationTest extends OrderServiceIntegrationTestBase {

    private String placePortalOrder(String user) {
        Answer answer = call(HttpMethod.POST, "/api/orders", TestJwt.portal(), portalOrder(user));
        assertThat(answer.status()).isEqualTo(202);
        return answer.body().path("orderId").asText();
    }

    private Answer cancel(String orderId, String token) {
        return call(HttpMethod.POST, "/api/orders/" + orderId + "/cancel", token, null);
    }

    @Test
    void adminCancelsAnAcceptedOrderWhichPublishesOrderCancelledAndFreesTheUser() {
        String user = newUser();
        String orderId = placePortalOrder(user);

        Answer answer = cancel(orderId, TestJwt.admin(ACCOUNT));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().path("status").asText()).isEqualTo("CANCELLED");
        assertThat(answer.body().path("orderId").asText()).isEqualTo(orderId);
        RecordedEvent record = recorder.awaitRecord(OrderCancelled.class, c -> orderId.equals(c.orderId()));
        assertThat(record.key()).isEqualTo(user);
        OrderCancelled cancelled = record.as(OrderCancelled.class);
        assertThat(cancelled.accountId()).isEqualTo(ACCOUNT);
        assertThat(cancelled.userId()).isEqualTo(user);
        assertThat(cancelled.cancelledBy()).isEqualTo("admin-" + ACCOUNT);
        assertThat(LocalDate.ofInstant(cancelled.at(), ZoneOffset.UTC)).isEqualTo(LocalDate.of(2027, 3, 1));
        assertThat(get("/api/orders/" + orderId, TestJwt.portal()).body().path("status").asText())
                .isEqualTo("CANCELLED");
        assertThat(placePortalOrder(user)).isNotEqualTo(orderId);
    }

    @Test
    void cancellingTwiceAnswersTheSameAndPublishesOneOrderCancelled() {
        String orderId = placePortalOrder(newUser());

        Answer first = cancel(orderId, TestJwt.portal());
        Answer again = cancel(orderId, TestJwt.admin(ACCOUNT));

        assertThat(first.status()).isEqualTo(200);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().path("status").asText()).isEqualTo("CANCELLED");
        assertExactlyOne(OrderCancelled.class, c -> orderId.equals(c.orderId()));
    }

    @Test
    void aBillingOrderCanBeCancelledByThePortalToo() {
        String user = newUser();
        String orderId = newOrderId();
        billing.sendBinary(Topics.BILLING_ORDERS, symantecOrder(orderId, user));
        awaitOrderStatus(orderId, TestJwt.portal(), "ACCEPTED");

        assertThat(cancel(orderId, TestJwt.portal()).status()).isEqualTo(200);
        recorder.awaitEvent(OrderCancelled.class, c -> orderId.equals(c.orderId()));
    }

    @Test
    void aProvisionedOrderCannotBeCancelledAndTheProblemSaysToDeactivate() {
        String user = newUser();
        String orderId = placePortalOrder(user);
        billing.sendBinary(Topics.AUTH_PROVISIONED,
                new Provisioned(ACCOUNT, user, orderId, AuthType.PHONEFACTOR, "PF-77", Instant.now()));
        awaitOrderStatus(orderId, TestJwt.portal(), "PROVISIONED");

        Answer answer = cancel(orderId, TestJwt.admin(ACCOUNT));

        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.body().path("type").asText()).isEqualTo("https://extauth.io/problems/order-not-cancellable");
        assertThat(answer.body().path("detail").asText()).contains("PROVISIONED", "deactivate");
        assertThat(answer.body().path("orderStatus").asText()).isEqualTo("PROVISIONED");
        assertThatEvents(recorder.events()).containsNone(OrderCancelled.class, c -> orderId.equals(c.orderId()));
        assertThat(get("/api/orders/" + orderId, TestJwt.portal()).body().path("status").asText())
                .isEqualTo("PROVISIONED");
    }

    @Test
    void aLateProvisionedLeavesACancelledOrderCancelled() {
        String user = newUser();
        String orderId = placePortalOrder(user);
        assertThat(cancel(orderId, TestJwt.portal()).status()).isEqualTo(200);

        String late = billing.sendBinary(Topics.AUTH_PROVISIONED,
                new Provisioned(ACCOUNT, user, orderId, AuthType.PHONEFACTOR, "PF-78", Instant.now()));

        awaitHandled(late);
        assertThat(get("/api/orders/" + orderId, TestJwt.portal()).body().path("status").asText())
                .isEqualTo("CANCELLED");
    }

    @Test
    void aRejectedOrderHasNothingToCancel() {
        String user = newUser();
        String orderId = newOrderId();
        billing.sendBinary(Topics.BILLING_ORDERS, new OrderPlaced(ACCOUNT, user, orderId,
                user + "@example.com", "PHONEFACTOR", null, null, false, "billing-system-7"));
        awaitOrderStatus(orderId, TestJwt.portal(), "REJECTED");

        Answer answer = cancel(orderId, TestJwt.portal());

        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.body().path("detail").asText()).contains("REJECTED", "nothing left to cancel");
    }

    @Test
    void onlyThePortalAndTheAccountsAdminMayCancel() {
        String orderId = placePortalOrder(newUser());

        assertThat(cancel(orderId, null).status()).isEqualTo(401);
        Answer otherAdmin = cancel(orderId, TestJwt.admin("acct-other"));
        assertThat(otherAdmin.status()).isEqualTo(404);
        assertThat(otherAdmin.body().path("detail").asText()).isEqualTo("There is no order " + orderId);
        assertThat(cancel(orderId, TestJwt.billing()).status()).isEqualTo(403);
        assertThat(cancel(orderId, TestJwt.operator()).status()).isEqualTo(403);
        assertThat(get("/api/orders/" + orderId, TestJwt.portal()).body().path("status").asText())
                .isEqualTo("ACCEPTED");
    }

    @Test
    void cancellingAnUnknownOrderIsAProblemNotFound() {
        Answer answer = cancel("no-such-order", TestJwt.portal());

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.body().path("detail").asText()).contains("no-such-order");
    }
}
