package io.extauth.challenge;

import static io.extauth.testsupport.RecordedEvents.assertThatEvents;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.extauth.contract.ChallengeOutcome;
import io.extauth.contract.events.ChallengeResult;
import io.extauth.contract.events.Unlocked;
import io.extauth.messaging.clock.DatabaseClock;
import io.extauth.testclock.MutableClock;
import io.extauth.testsupport.VendorSimulator;
import java.time.Clock;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;

/**
 * A second instance (S) on a host whose clock runs two hours ahead of this test's instance (A), on the same
 * database and broker, its timers ticking every 200 ms. S decides by the clock the messaging kit gives every service,
 * the database's ({@link DatabaseClock}), so its timers do not end what A started: a Symantec
 * challenge A issued stays open for its answer (on S's own clock it had expired, a strike the user did not earn), and
 * a user A locked for an hour stays locked (on S's own clock the lock had run out).
 */
class SkewedHostIntegrationTest extends IntegrationTestBase {

    private static final Duration AHEAD = Duration.ofHours(2);
    /** Many ticks of S's timers. */
    private static final Duration QUIET = Duration.ofSeconds(3);

    private static ConfigurableApplicationContext skewed;
    /** A's clock, which S's host runs {@link #AHEAD} of. */
    private static MutableClock timeLineOfA;

    @AfterAll
    static void stopTheSkewedInstance() {
        if (skewed != null) {
            skewed.close();
            skewed = null;
        }
    }

    @Test
    void aSymantecChallengeIsNotExpiredByAnInstanceOnAHostAheadAndItsRightAnswerSucceeds() {
        String credentialId = activeSymantecUser();
        startTheSkewedInstance();

        String challengeId = challenge("PORTAL").getBody().path("challengeId").asText();
        assertThatTheSkewedInstanceReadsTheDatabasesTime();

        await().during(QUIET).atMost(QUIET.plusSeconds(5)).until(() -> "PENDING".equals(jdbc.queryForObject(
                "SELECT status FROM challenge WHERE id = ?::uuid", String.class, challengeId)));
        ResponseEntity<JsonNode> answered = respond(challengeId, VendorSimulator.currentCode(credentialId));
        assertThat(answered.getBody().path("status").asText()).isEqualTo("SUCCEEDED");
        ChallengeResult result = topics().awaitEvent(ChallengeResult.class, r -> challengeId.equals(r.challengeId()));
        assertThat(result.outcome()).isEqualTo(ChallengeOutcome.SUCCEEDED);
        assertThat(status().path("consecutiveFailures").asInt()).isZero();
    }

    @Test
    void aUserLockedForAnHourIsNotUnlockedByAnInstanceOnAHostAhead() {
        String credentialId = activeSymantecUser();
        startTheSkewedInstance();
        for (int strike = 1; strike <= 5; strike++) {
            String challengeId = challenge("VPN").getBody().path("challengeId").asText();
            assertThat(respond(challengeId, SymantecIntegrationTest.wrong(VendorSimulator.currentCode(credentialId)))
                    .getBody().path("status").asText()).isEqualTo(strike < 5 ? "FAILED" : "LOCKED_OUT");
        }

        await().during(QUIET).atMost(QUIET.plusSeconds(5))
                .until(() -> "LOCKED".equals(status().path("state").asText()));
        assertThatEvents(topics().events()).containsNone(Unlocked.class, unlocked -> userId.equals(unlocked.userId()));
        assertThat(challenge("PORTAL").getStatusCode().value()).isEqualTo(423);
    }

    /** Not only behind A's clock (which other test classes move on): on the database's. */
    private void assertThatTheSkewedInstanceReadsTheDatabasesTime() {
        Instant before = skewed.getBean(Clock.class).instant();
        Instant database = jdbc.queryForObject("SELECT clock_timestamp()", Timestamp.class).toInstant();
        Instant after = skewed.getBean(Clock.class).instant();
        assertThat(database).isBetween(before.minusSeconds(1), after.plusSeconds(1));
    }

    private void startTheSkewedInstance() {
        if (skewed == null) {
            timeLineOfA = clock;
            skewed = anotherInstance(List.of(HostAhead.class),
                    "--extauth.vendors.symantec-vip.base-url=" + TestVendors.baseUrl(),
                    "--extauth.contacts.phones.test-prefixes=+1555",
                    "--extauth.lockout.timer-interval-ms=200");
        }
    }

    /** S's clock: what the messaging kit builds by default, on a host {@link #AHEAD} of A's time. */
    static class HostAhead {

        @Bean
        Clock clock(DataSource database) {
            return DatabaseClock.startedOn(database, Clock.offset(timeLineOfA, AHEAD));
        }
    }
}
