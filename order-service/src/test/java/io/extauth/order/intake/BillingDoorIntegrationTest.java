package io.extauth.order.intake;

import static org.assertj.core.api.Assertions.assertThat;

import tools.jackson.databind.JsonNode;
import io.extauth.contract.Topics;
import io.extauth.contract.events.OrderPlaced;
import io.extauth.order.OrderServiceIntegrationTestBase;
import io.extauth.testsupport.RecordedEvent;
import io.extauth.testsupport.TestJwt;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class BillingDoorIntegrationTest extends OrderServiceIntegrationTestBase {

    private static final String DLT = Topics.deadLetterOf(Topics.BILLING_ORDERS);

    @Test
    void binaryModeOrderBecomesAuthOrderedWithPromoPriceAndBillingChannel() {
        String user = newUser();
        String orderId = newOrderId();

        billing.sendBinary(Topics.BILLING_ORDERS, phoneFactorOrder(orderId, user, "welcome10"));

        RecordedEvent ordered = recorder.awaitEvent(Topics.AUTH_ORDERED, ofOrder("AuthOrdered", orderId));
        assertThat(ordered.key()).isEqualTo(user);
        assertThat(ordered.headers()).containsEntry("ce_source", "/order-service").containsEntry("ce_subject", user);
        assertThat(ordered.text("monthlyFee")).isEqualTo("2.70");
        assertThat(ordered.text("channel")).isEqualTo("BILLING");
        assertThat(ordered.text("promoCode")).isEqualTo("WELCOME10");
        assertThat(ordered.text("email")).isEqualTo(user + "@example.com");
        assertThat(ordered.text("type")).isEqualTo("PHONEFACTOR");
        assertThat(ordered.text("credentialId")).isNull();
        assertThat(ordered.text("orderedAt")).startsWith("2027-03-01");
        JsonNode view = awaitOrderStatus(orderId, TestJwt.admin(ACCOUNT), "ACCEPTED");
        assertThat(view.path("channel").asText()).isEqualTo("BILLING");
        assertThat(view.path("monthlyFee").asText()).isEqualTo("2.70");
    }

    @Test
    void structuredModeOrderBecomesAuthOrderedWithListPrice() {
        String user = newUser();
        String orderId = newOrderId();

        billing.sendStructured(Topics.BILLING_ORDERS, symantecOrder(orderId, user));

        RecordedEvent ordered = recorder.awaitEvent(Topics.AUTH_ORDERED, ofOrder("AuthOrdered", orderId));
        assertThat(ordered.text("monthlyFee")).isEqualTo("4.00");
        assertThat(ordered.text("channel")).isEqualTo("BILLING");
        assertThat(ordered.text("credentialId")).isEqualTo("VSST12345678");
        assertThat(ordered.text("type")).isEqualTo("SYMANTEC_VIP");
    }

    @Test
    void orderWithoutMsaAcknowledgementIsRejectedOnceWithEveryReason() {
        String user = newUser();
        String orderId = newOrderId();
        OrderPlaced invalid = new OrderPlaced(ACCOUNT, user, orderId, "not-an-address", "PHONEFACTOR",
                "VSST12345678", "NOSUCHPROMO", false, "x".repeat(129));

        String eventId = billing.sendBinary(Topics.BILLING_ORDERS, invalid);
        billing.sendBinary(Topics.BILLING_ORDERS, invalid, eventId);

        RecordedEvent rejected = recorder.awaitEvent(Topics.BILLING_ORDERS_REJECTED, ofOrder("OrderRejected", orderId));
        assertThat(rejected.key()).isEqualTo(user);
        assertThat(rejected.data().path("reasons").findValuesAsString("code")).containsExactlyInAnyOrder(
                "INVALID_FORMAT", "NOT_ALLOWED", "MSA_NOT_ACKNOWLEDGED", "TOO_LONG", "PROMO_UNKNOWN");
        assertThat(rejected.data().path("reasons").findValuesAsString("field")).containsExactlyInAnyOrder(
                "email", "credentialId", "msaAcknowledged", "orderedBy", "promoCode");
        assertExactlyOne(Topics.BILLING_ORDERS_REJECTED, ofOrder("OrderRejected", orderId));
        assertThat(recorder.events(Topics.AUTH_ORDERED, ofOrder("AuthOrdered", orderId))).isEmpty();
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

        RecordedEvent laterRejected = recorder.awaitEvent(Topics.BILLING_ORDERS_REJECTED,
                ofOrder("OrderRejected", later));
        assertThat(laterRejected.data().path("reasons").findValuesAsString("code")).containsExactly("ALREADY_LIVE");
        assertExactlyOne(Topics.AUTH_ORDERED, ofOrder("AuthOrdered", orderId));
        assertThat(recorder.events(Topics.BILLING_ORDERS_REJECTED, ofOrder("OrderRejected", orderId))).isEmpty();
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
        recorder.awaitEvent(Topics.AUTH_ORDERED, ofOrder("AuthOrdered", orderId));
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
