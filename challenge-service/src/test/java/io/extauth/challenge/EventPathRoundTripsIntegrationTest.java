package io.extauth.challenge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.extauth.contract.AuthType;
import io.extauth.contract.ChallengeOutcome;
import io.extauth.contract.OrderChannel;
import io.extauth.contract.PhoneFactorMethod;
import io.extauth.contract.Topics;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.contract.events.ChallengeResult;
import io.extauth.testsupport.NetworkRoundTrips;
import io.extauth.testsupport.RoundTrips;
import java.sql.Timestamp;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;

/**
 * What an order costs challenge-service's database on the event path (issue 14): the round trips (statements, commits)
 * of its listener threads for the order's {@code AuthOrdered} and {@code Provisioned}, each handled alone. Every step
 * of a factor's move still runs (the row created for a user never seen, or locked, decided by the {@code UserFactor},
 * the lifecycle history, the versioned save); none of it is paid twice.
 */
class EventPathRoundTripsIntegrationTest extends IntegrationTestBase {

    @Autowired
    RoundTrips roundTrips;

    @Test
    void anOrderCostsThreeRoundTripsWhenOrderedAndFourWhenProvisioned() {
        String orderId = "order-" + UUID.randomUUID();

        roundTrips.reset();
        awaitHandled(events().sendBinary(Topics.AUTH_ORDERED, new AuthOrdered(accountId, userId, orderId,
                AuthType.PHONEFACTOR, null, "jane@example.com", null, new BigDecimal("4.50"), OrderChannel.BILLING,
                Instant.now())));
        List<RoundTrips.RoundTrip> ordered = roundTrips.of(RoundTrips.LISTENERS);
        List<NetworkRoundTrips.Turn> orderedOnTheWire = roundTrips.onTheWire(RoundTrips.LISTENERS);

        roundTrips.reset();
        awaitHandled(provision(AuthType.PHONEFACTOR, orderId));
        List<RoundTrips.RoundTrip> provisioned = roundTrips.of(RoundTrips.LISTENERS);
        List<NetworkRoundTrips.Turn> provisionedOnTheWire = roundTrips.onTheWire(RoundTrips.LISTENERS);

        assertThat(status().path("state").asText()).isEqualTo("PROVISIONED");
        // a user never seen: inbox, the factor created already moved with its history, commit; 4 before (the row
        // created, then its history and save), 7 before that (created, locked, history, save, read back)
        assertThat(ordered).as("round trips of AuthOrdered: %s", ordered).hasSizeBetween(2, 3);
        assertThat(orderedOnTheWire).as("on the wire, no more: %s", orderedOnTheWire)
                .isNotEmpty().hasSizeLessThanOrEqualTo(ordered.size());
        // a user with a row: inbox, the factor locked, its history and save, commit (the decision for a user never
        // seen refuses an answer to an order, so no insert is tried)
        assertThat(provisioned).as("round trips of Provisioned: %s", provisioned).hasSizeLessThanOrEqualTo(4);
        assertThat(provisionedOnTheWire).as("on the wire, no more: %s", provisionedOnTheWire)
                .isNotEmpty().hasSizeLessThanOrEqualTo(provisioned.size());
    }

    private void awaitHandled(String eventId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM inbox WHERE event_id = ?", Long.class, eventId) == 1);
    }

    @Test
    void aDeliveryTakenOverWhenItsChallengeWasOverIsDecidedNotDeliveredWithoutLockingItsRowFirst() {
        activatePhoneFactor(PhoneFactorMethod.PHONE_CALL_STANDARD);
        ResponseEntity<JsonNode> issued = challenge("PORTAL");
        String challengeId = issued.getBody().path("challengeId").asText();
        Instant expiresAt = Instant.parse(issued.getBody().path("expiresAt").asText());
        awaitDeliveriesRecorded(); // the row of the call made gone first
        // as an instance that died before its call leaves it: the row still there, its lease running out as the
        // challenge ends
        jdbc.update("""
                INSERT INTO challenge_delivery (challenge_id, destination, attempts, next_attempt_at, lease_until,
                                                lease_token, created_at)
                VALUES (?, '+15550100', 1, ?, ?, ?, ?)""", UUID.fromString(challengeId),
                Timestamp.from(clock.instant()), Timestamp.from(expiresAt), UUID.randomUUID(),
                Timestamp.from(clock.instant()));

        roundTrips.reset();
        clock.advance(Duration.between(clock.instant(), expiresAt).plusSeconds(1));
        ChallengeResult result = topics().awaitEvent(ChallengeResult.class, r -> challengeId.equals(r.challengeId()));
        List<RoundTrips.RoundTrip> decided = roundTrips.of(name -> name.startsWith("challenge-delivery-worker-"))
                .stream().filter(trip -> !trip.sql().contains("SKIP LOCKED")).toList();

        assertThat(result.outcome()).isEqualTo(ChallengeOutcome.NOT_DELIVERED);
        // the row deleted by the statement that says whether the challenge still waits, the factor locked, the
        // decision, the outbox, commit; 6 before (the row locked by a statement of its own first)
        assertThat(decided).as("round trips of the delivery worker: %s", decided).hasSizeLessThanOrEqualTo(5);
    }
}
