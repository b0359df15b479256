package io.extauth.challenge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.extauth.contract.LoginChannel;
import io.extauth.contract.PhoneFactorMethod;
import io.extauth.testsupport.RoundTrips;
import io.extauth.testsupport.VendorSimulator;
import java.lang.reflect.Constructor;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import io.extauth.messaging.work.Claim;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.ResponseEntity;
import org.springframework.context.ApplicationContext;
import org.springframework.test.util.AopTestUtils;
import org.springframework.test.util.ReflectionTestUtils;
import tools.jackson.databind.JsonNode;

/**
 * The row of a delivery that reached the user is removed by the settler, with those of the other deliveries settled
 * meanwhile, not by a statement of its own on the thread that called the vendor (issue 14, fifty-first pass); the
 * removal takes a row only while the claim's token is on it. The removal's batching itself is
 * {@code DeliverySettlerUnitTest}'s (here the logins come one after another, each longer than the settle delay).
 */
class DeliverySettlerIntegrationTest extends IntegrationTestBase {

    private static final int LOGINS = 3;

    @Autowired
    RoundTrips roundTrips;
    @Autowired
    ApplicationContext context;

    @Test
    void theRowsOfDeliveriesThatReachedTheirUsersGoBySettlersStatementsNoneOnTheVendorsThreads() {
        List<String> challenges = phoneCallLoginsOfNewUsers(LOGINS);

        await("every delivery's row gone").atMost(Duration.ofSeconds(20)).until(() -> rowsOf(challenges) == 0);
        // the settler's statement (a takeover's NOT_DELIVERED, should one run meanwhile, removes its row otherwise)
        List<RoundTrips.RoundTrip> removals = roundTrips.of(thread -> true).stream()
                .filter(trip -> trip.sql().contains("DELETE FROM challenge_delivery d USING unnest")).toList();
        assertThat(removals).as("the statements that removed the %d deliveries' rows", LOGINS).isNotEmpty()
                .hasSizeLessThanOrEqualTo(LOGINS)
                .allSatisfy(trip -> assertThat(trip.thread()).isEqualTo("challenge-delivery-settler"));
        assertThat(roundTrips.of(thread -> thread.startsWith("call-phonefactor-")))
                .as("what the vendor's threads sent after placing the calls")
                .noneMatch(trip -> trip.sql().contains("challenge_delivery"));
    }

    @Test
    void theRemovalTakesARowOnlyWhileTheClaimsTokenIsOnIt() throws ReflectiveOperationException {
        List<String> challenges = phoneCallLoginsOfNewUsers(2);
        await("their deliveries' rows gone").atMost(Duration.ofSeconds(20)).until(() -> rowsOf(challenges) == 0);
        UUID first = UUID.fromString(challenges.get(0));
        UUID second = UUID.fromString(challenges.get(1));
        UUID otherWorkersToken = UUID.randomUUID();
        UUID ours = UUID.randomUUID();
        // the first row as another worker's claim leaves it (its token), the second as ours; both leased for an hour
        // of the test's clock, so this instance's poll leaves them alone
        Timestamp now = Timestamp.from(clock.instant());
        Timestamp anHourOn = Timestamp.from(clock.instant().plus(Duration.ofHours(1)));
        for (Object[] row : List.of(new Object[] {first, otherWorkersToken}, new Object[] {second, ours})) {
            jdbc.update("""
                    INSERT INTO challenge_delivery (challenge_id, destination, attempts, next_attempt_at, lease_until,
                                                    lease_token, created_at)
                    VALUES (?, '+15550100', 2, ?, ?, ?, ?)""", row[0], anHourOn, anHourOn, row[1], now);
        }
        Object deliveries = AopTestUtils.getUltimateTargetObject(context.getBean("challengeDeliveries"));

        Set<?> removed = ReflectionTestUtils.invokeMethod(deliveries, "deleteClaimed", List.of(
                new Claim<>(first.toString(), delivery(first), 1, ours),
                new Claim<>(second.toString(), delivery(second), 1, ours)));

        assertThat(removed).as("the rows removed, as (challenge, token)").singleElement().hasToString(
                "ClaimedRow[challengeId=" + second + ", token=" + ours + "]");
        assertThat(rowsOf(List.of(challenges.get(1)))).as("ours, gone").isZero();
        assertThat(jdbc.queryForObject("SELECT lease_token FROM challenge_delivery WHERE challenge_id = ?",
                UUID.class, first)).as("the other worker's row, untouched").isEqualTo(otherWorkersToken);
        jdbc.update("DELETE FROM challenge_delivery WHERE challenge_id = ?", first);
    }

    /** What a claim of the challenge's delivery carries (the table's own record, not public). */
    private static Object delivery(UUID challengeId) throws ReflectiveOperationException {
        Constructor<?> make = Class.forName("io.extauth.challenge.login.adapter.ChallengeDeliveries$Delivery")
                .getDeclaredConstructors()[0];
        make.setAccessible(true);
        return make.newInstance(challengeId, "1001", "user", LoginChannel.PORTAL,
                PhoneFactorMethod.PHONE_CALL_STANDARD, Instant.now().plusSeconds(60), false, "+15550100", null);
    }
    /** One phone-call login each of {@code count} new users, the calls placed; their challenge ids. */
    private List<String> phoneCallLoginsOfNewUsers(int count) {
        List<String> users = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            userId = "user-" + UUID.randomUUID();
            activatePhoneFactor(PhoneFactorMethod.PHONE_CALL_STANDARD);
            users.add(userId);
        }
        roundTrips.reset();
        List<String> challenges = new ArrayList<>();
        for (String user : users) {
            userId = user;
            ResponseEntity<JsonNode> issued = challenge("PORTAL");
            assertThat(issued.getStatusCode().is2xxSuccessful()).as("answered %s", issued.getStatusCode()).isTrue();
            String challengeId = issued.getBody().path("challengeId").asText();
            assertThat(VendorSimulator.ringingCall(challengeId)).as("the call placed").isNotNull();
            challenges.add(challengeId);
        }
        return challenges;
    }

    private int rowsOf(List<String> challenges) {
        return jdbc.queryForObject("SELECT count(*) FROM challenge_delivery WHERE challenge_id::text = ANY(?)",
                Integer.class, (Object) challenges.toArray(String[]::new));
    }
}
