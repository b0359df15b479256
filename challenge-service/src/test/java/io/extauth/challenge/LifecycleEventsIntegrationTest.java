package io.extauth.challenge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import tools.jackson.databind.JsonNode;
import io.extauth.contract.AuthType;
import io.extauth.contract.OrderChannel;
import io.extauth.contract.PhoneFactorMethod;
import io.extauth.contract.Topics;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.contract.events.OrderCancelled;
import io.extauth.contract.events.Provisioned;
import io.extauth.contract.events.ProvisioningFailed;
import io.extauth.testsupport.RecordedEvent;
import io.extauth.testsupport.TestJwt;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

class LifecycleEventsIntegrationTest extends IntegrationTestBase {

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Test
    void aRedeliveredProvisionedHasOneEffect() {
        String orderId = order(AuthType.SYMANTEC_VIP, newCredentialId());
        Provisioned provisioned = new Provisioned(accountId, userId, orderId, AuthType.SYMANTEC_VIP, "vendor-1",
                Instant.now());
        String eventId = UUID.randomUUID().toString();

        events().sendBinary(Topics.AUTH_PROVISIONED, provisioned, eventId);
        events().sendBinary(Topics.AUTH_PROVISIONED, provisioned, eventId);
        // a later record for the same user on the same partition: once it is handled, both copies have been
        ProvisioningFailed marker = new ProvisioningFailed(accountId, userId, orderId, AuthType.SYMANTEC_VIP,
                "late marker", 1);
        String markerId = events().sendBinary(Topics.AUTH_PROVISIONED, marker);
        await().atMost(Duration.ofSeconds(30)).until(() -> handled(markerId));

        assertThat(status().path("state").asText()).isEqualTo("PROVISIONED");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM inbox WHERE event_id = ?", Integer.class, eventId))
                .isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM lifecycle_history WHERE account_id = ? AND user_id = ? "
                + "AND trigger = 'PROVISION'", Integer.class, accountId, userId)).isEqualTo(1);
    }

    @Test
    void aRedeliveredAuthOrderedDoesNotReopenADeactivatedUser() {
        String orderId = "order-" + UUID.randomUUID();
        AuthOrdered ordered = new AuthOrdered(accountId, userId, orderId, AuthType.PHONEFACTOR, null,
                "jane@example.com", null, new BigDecimal("4.50"), OrderChannel.PORTAL, Instant.now());
        String eventId = UUID.randomUUID().toString();
        events().sendBinary(Topics.AUTH_ORDERED, ordered, eventId);
        awaitState("ORDERED");
        assertThat(post(userPath("/deactivate"), TestJwt.operator(), Map.of()).getStatusCode().value())
                .isEqualTo(200);

        events().sendBinary(Topics.AUTH_ORDERED, ordered, eventId);
        // same key (userId), same partition, another account: handled after the copy, changes nothing of ours
        String markerId = events().sendBinary(Topics.AUTH_ORDERED, new AuthOrdered(accountId + "-marker", userId,
                "order-" + UUID.randomUUID(), AuthType.PHONEFACTOR, null, "jane@example.com", null,
                new BigDecimal("4.50"), OrderChannel.PORTAL, Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> handled(markerId));

        assertThat(status().path("state").asText()).isEqualTo("DEACTIVATED");
    }

    @Test
    void provisioningFailedSendsTheUserBackToNoneAndANewOrderStartsAgain() {
        String orderId = order(AuthType.PHONEFACTOR, null);

        events().sendStructured(Topics.AUTH_PROVISIONED, new ProvisioningFailed(accountId, userId, orderId,
                AuthType.PHONEFACTOR, "vendor refused", 3));
        awaitState("NONE");
        order(AuthType.PHONEFACTOR, null);

        assertThat(status().path("type").asText()).isEqualTo("PHONEFACTOR");
    }

    @Test
    void anOrderCancelledAfterItsProvisioningWasReadHereSendsTheUserBackToNone() {
        String orderId = order(AuthType.PHONEFACTOR, null);
        provision(AuthType.PHONEFACTOR, orderId);
        awaitState("PROVISIONED");

        // order-service cancelled it before it read the Provisioned; provisioning-service removes the vendor's user
        events().sendBinary(Topics.AUTH_ORDERED, new OrderCancelled(accountId, userId, orderId, "admin-1",
                Instant.now()));

        awaitState("NONE");
    }

    @Test
    void anOrderReplayedFromTheDeadLettersAfterItsCancellationWasReadIsRefusedAndTheNextOrderIsNot() {
        // the order was dead-lettered here (the database gone too long); order-service cancelled it meanwhile
        String orderId = "order-" + UUID.randomUUID();
        String cancel = events().sendBinary(Topics.AUTH_ORDERED, new OrderCancelled(accountId, userId, orderId,
                "admin-1", Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> handled(cancel));

        // an operator replays the dead letter: order-service holds the order cancelled, provisioning-service never
        // provisions it, so it must not become the user's order here
        String replayed = events().sendBinary(Topics.AUTH_ORDERED, new AuthOrdered(accountId, userId, orderId,
                AuthType.PHONEFACTOR, null, "jane@example.com", null, new BigDecimal("4.50"), OrderChannel.BILLING,
                Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> handled(replayed));
        assertThat(status().path("state").asText()).isEqualTo("NONE");

        String next = order(AuthType.PHONEFACTOR, null);
        awaitState("ORDERED");
        assertThat(factorOrderId()).isEqualTo(next);
    }

    @Test
    void aNewOrderAfterACancelOrderServiceTookTooLateTakesTheActiveFactorsPlaceAndCanBeDeactivated() {
        activatePhoneFactor(PhoneFactorMethod.PHONE_CALL_STANDARD);
        String cancelled = factorOrderId();
        String pending = challenge("PORTAL").getBody().path("challengeId").asText();
        // order-service cancelled the order before it read the Provisioned and the Activated, and provisioning-service
        // removed the user at the vendor; here the cancel is refused (switching a factor off is for an admin)
        String cancel = events().sendBinary(Topics.AUTH_ORDERED, new OrderCancelled(accountId, userId, cancelled,
                "admin-1", Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> handled(cancel));
        assertThat(status().path("state").asText()).isEqualTo("ACTIVE");

        // the admin orders again, which order-service takes: the cancelled order is not live there
        String reorder = "order-" + UUID.randomUUID();
        AuthOrdered ordered = new AuthOrdered(accountId, userId, reorder, AuthType.PHONEFACTOR, null,
                "jane@example.com", null, new BigDecimal("4.50"), OrderChannel.PORTAL, Instant.now());
        events().sendBinary(Topics.AUTH_ORDERED, ordered);

        await("until session 63 refused: ACTIVE on a factor the vendor no longer had").atMost(Duration.ofSeconds(30))
                .until(() -> reorder.equals(factorOrderId()));
        assertThat(status().path("state").asText()).isEqualTo("ORDERED");
        assertThat(status().has("primaryPhoneMasked")).as("the earlier order's phones are gone").isFalse();
        assertThat(jdbc.queryForObject("SELECT status FROM challenge WHERE id = ?::uuid", String.class, pending))
                .as("the open challenge is decided with the move").isNotEqualTo("PENDING");

        provision(AuthType.PHONEFACTOR, reorder);
        awaitState("PROVISIONED");
        // the same order read again (a replay the inbox no longer remembers) starts nothing over
        String again = events().sendBinary(Topics.AUTH_ORDERED, ordered);
        await().atMost(Duration.ofSeconds(30)).until(() -> handled(again));
        assertThat(status().path("state").asText()).isEqualTo("PROVISIONED");

        // and the new order can be ended: before, deactivation answered 409 nothing-to-deactivate
        assertThat(post(userPath("/deactivate"), TestJwt.admin(accountId), Map.of()).getStatusCode().value())
                .isEqualTo(200);
        awaitState("DEACTIVATED");
    }

    @Test
    void anOrderPlacedBeforeTheUsersOwnAndReplayedFromTheDeadLettersLeavesTheActiveFactorAlone() {
        activatePhoneFactor(PhoneFactorMethod.PHONE_CALL_STANDARD);
        String current = factorOrderId();
        // an order that was dead-lettered here an hour ago, then cancelled; an operator replays the dead letters
        String replayed = events().sendBinary(Topics.AUTH_ORDERED, new AuthOrdered(accountId, userId,
                "order-" + UUID.randomUUID(), AuthType.SYMANTEC_VIP, "VSST12345678", "jane@example.com", null,
                new BigDecimal("4.50"), OrderChannel.PORTAL, Instant.now().minus(Duration.ofHours(1))));

        await().atMost(Duration.ofSeconds(30)).until(() -> handled(replayed));

        assertThat(status().path("state").asText()).as("a review found it ORDERED, the phone gone").isEqualTo("ACTIVE");
        assertThat(factorOrderId()).isEqualTo(current);
        assertThat(status().has("primaryPhoneMasked")).isTrue();
    }

    @Test
    void aNewOrderReadBeforeTheEarlierOnesFailureTakesItsPlaceAndTheLateFailureChangesNothing() {
        String earlier = order(AuthType.PHONEFACTOR, null);
        // order-service read the earlier order's failure and took a new one; here the failure is not read yet
        String reorder = "order-" + UUID.randomUUID();
        events().sendBinary(Topics.AUTH_ORDERED, new AuthOrdered(accountId, userId, reorder, AuthType.PHONEFACTOR,
                null, "jane@example.com", null, new BigDecimal("4.50"), OrderChannel.BILLING, Instant.now()));
        await("the new order takes the earlier one's place").atMost(Duration.ofSeconds(30))
                .until(() -> reorder.equals(factorOrderId()));
        assertThat(status().path("state").asText()).isEqualTo("ORDERED");

        String late = events().sendBinary(Topics.AUTH_PROVISIONED, new ProvisioningFailed(accountId, userId, earlier,
                AuthType.PHONEFACTOR, "vendor refused", 3));
        provision(AuthType.PHONEFACTOR, reorder);

        awaitState("PROVISIONED");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM inbox WHERE event_id = ?", Integer.class, late))
                .as("the late failure was handled, and changed nothing").isEqualTo(1);
        assertThat(factorOrderId()).isEqualTo(reorder);
    }

    @Test
    void aCancelledOrderSendsTheUserBackToNone() {
        String orderId = order(AuthType.PHONEFACTOR, null);

        events().sendBinary(Topics.AUTH_ORDERED, new OrderCancelled(accountId, userId, orderId, "admin-1",
                Instant.now()));

        awaitState("NONE");
    }

    @Test
    void aProvisionedThatOvertakesItsOrderIsAppliedOnceTheOrderArrives() {
        String orderId = "order-" + UUID.randomUUID();
        provision(AuthType.PHONEFACTOR, orderId);
        events().sendBinary(Topics.AUTH_ORDERED, new AuthOrdered(accountId, userId, orderId, AuthType.PHONEFACTOR,
                null, "jane@example.com", null, new BigDecimal("4.50"), OrderChannel.BILLING, Instant.now()));

        awaitState("PROVISIONED");
    }

    @Test
    void aReordersProvisionedReadBeforeItsOrderAfterADeactivationIsAppliedOnceTheOrderArrives() {
        activatePhoneFactor(PhoneFactorMethod.PHONE_CALL_STANDARD);
        assertThat(post(userPath("/deactivate"), TestJwt.admin(accountId), Map.of()).getStatusCode().value())
                .isEqualTo(200);
        awaitState("DEACTIVATED");
        String reorder = "order-" + UUID.randomUUID();
        // auth.provisioned is read before auth.ordered here, as a consumer lagging on auth.ordered would
        provision(AuthType.PHONEFACTOR, reorder);
        await("the Provisioned waits for its order").during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(5))
                .until(() -> "DEACTIVATED".equals(status().path("state").asText()));
        events().sendBinary(Topics.AUTH_ORDERED, new AuthOrdered(accountId, userId, reorder, AuthType.PHONEFACTOR,
                null, "jane@example.com", null, new BigDecimal("4.50"), OrderChannel.BILLING, Instant.now()));

        awaitState("PROVISIONED");
        assertThat(factorOrderId()).isEqualTo(reorder);
        assertThat(topics().events(Topics.deadLetterOf(Topics.AUTH_PROVISIONED), e -> userId.equals(e.key())))
                .isEmpty();
    }

    @Test
    void aProvisionedFetchedInOnePollBeforeItsOrderIsAppliedOnceTheOrderIsHandled() {
        String orderId = "order-" + UUID.randomUUID();
        // a backlog, as after an outage: both topics' records of the user come in the same poll, the answer first
        listeners.getListenerContainers().forEach(container -> container.pause());
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> listeners.getListenerContainers().stream()
                    .allMatch(container -> container.isPauseRequested() && container.isContainerPaused()));
            provision(AuthType.PHONEFACTOR, orderId);
            events().sendBinary(Topics.AUTH_ORDERED, new AuthOrdered(accountId, userId, orderId, AuthType.PHONEFACTOR,
                    null, "jane@example.com", null, new BigDecimal("4.50"), OrderChannel.BILLING, Instant.now()));
        } finally {
            listeners.getListenerContainers().forEach(container -> container.resume());
        }

        // the answer fails as not yet seen and is retried after a back-off, by which time the order has been handled
        // (settled in ~0.7 s, one back-off, in the runs seen); were the retries to keep the order from being handled,
        // the answer would end in the dead letter and the user stay ORDERED
        await().atMost(Duration.ofSeconds(60)).until(() -> "PROVISIONED".equals(status().path("state").asText())
                || !topics().events(Topics.deadLetterOf(Topics.AUTH_PROVISIONED), e -> userId.equals(e.key()))
                        .isEmpty());
        assertThat(topics().events(Topics.deadLetterOf(Topics.AUTH_PROVISIONED), e -> userId.equals(e.key())))
                .isEmpty();
        assertThat(status().path("state").asText()).isEqualTo("PROVISIONED");
    }

    @ParameterizedTest
    @ValueSource(strings = {"AuthOrdered", "Provisioned"})
    void anEventWithoutRequiredFieldsIsDeadLetteredWithTheReason(String type) {
        // also the positive control of the tests that read auth.provisioned-dlt and find nothing there
        String topic = type.equals("AuthOrdered") ? Topics.AUTH_ORDERED : Topics.AUTH_PROVISIONED;
        String badUser = "user-" + UUID.randomUUID();
        events().sendRaw(topic, badUser,
                ("{\"accountId\":\"" + accountId + "\",\"userId\":\"" + badUser + "\"}").getBytes(
                        StandardCharsets.UTF_8),
                "ce_specversion", "1.0", "ce_id", UUID.randomUUID().toString(), "ce_source", "/test", "ce_type",
                type, "ce_time", Instant.now().toString(), "ce_subject", badUser, "content-type",
                "application/json");

        RecordedEvent dead = topics().awaitEvent(Topics.deadLetterOf(topic), e -> badUser.equals(e.key()));
        assertThat(dead.headers().get("extauth-dlt-reason")).contains("orderId");
    }

    @Test
    void theStatusNeedsATokenAndAnAdminOfAnotherAccountIsRefused() {
        ResponseEntity<JsonNode> anonymous = get(userPath(""), null);
        ResponseEntity<JsonNode> stranger = get(userPath(""), TestJwt.signedByStranger("PORTAL"));
        ResponseEntity<JsonNode> otherAdmin = get(userPath(""), TestJwt.admin("another-account"));
        ResponseEntity<JsonNode> ownAdmin = get("/api/users/" + userId + "/external-auth", TestJwt.admin(accountId));

        assertThat(anonymous.getStatusCode().value()).isEqualTo(401);
        assertThat(stranger.getStatusCode().value()).isEqualTo(401);
        assertThat(otherAdmin.getStatusCode().value()).isEqualTo(404);
        assertThat(ownAdmin.getStatusCode().value()).isEqualTo(200);
        assertThat(ownAdmin.getBody().path("accountId").asText()).isEqualTo(accountId);
        assertThat(ownAdmin.getBody().path("state").asText()).isEqualTo("NONE");
    }

    private boolean handled(String eventId) {
        return jdbc.queryForObject("SELECT count(*) FROM inbox WHERE event_id = ?", Integer.class, eventId) == 1;
    }
}
