package io.extauth.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.extauth.contract.AuthType;
import io.extauth.contract.Topics;
import io.extauth.contract.events.Provisioned;
import io.extauth.messaging.outbox.Outbox;
import io.extauth.testsupport.RoundTrips;
import io.extauth.testsupport.RecordedTopics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the relay costs the database for events that come one at a time, as they do under a steady flow (issue 14):
 * the round that publishes one (its lock asked before its scan) and, instead of a second whole round that finds
 * nothing, one question whether more came. Its poll interval is a day here, so only commits drive it.
 */
@SpringBootTest(classes = KitTestApplication.class, properties = "extauth.messaging.relay-poll-interval=1d")
@EmbeddedKafka(partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@Import(RoundTrips.class)
class OutboxRelayRoundTripsIntegrationTest {

    @RegisterExtension
    static final RecordedTopics provisioned = RecordedTopics.onEmbeddedKafka(Topics.AUTH_PROVISIONED);

    @Autowired
    Outbox outbox;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    RoundTrips roundTrips;

    @Test
    void aLoneEventCostsTheRelayItsRoundAndOneQuestionWhetherMoreCame() {
        awaitRelaySettled();
        String userId = "user-" + UUID.randomUUID();
        roundTrips.reset();
        for (int i = 0; i < 3; i++) {
            String orderId = "o-" + i;
            transactions.executeWithoutResult(status -> outbox.publish(new Provisioned("1234", userId, orderId,
                    AuthType.PHONEFACTOR, "ref", Instant.now())));
            provisioned.recorder().awaitRecord(Provisioned.class, p -> userId.equals(p.userId()) && orderId.equals(p.orderId()));
            awaitRelaySettled();
        }
        List<RoundTrips.RoundTrip> relay = relayTrips();

        // per event: the round's lock (with BEGIN), the scan, the delete that commits, whether more came. Before: 7
        // (a second round), 5 (one round: the lock, the scan, the delete, COMMIT, whether more came), 4 in the
        // eleventh pass (the lock asked by the scan's statement, which could read rows another relay had just
        // deleted: OutboxRelayTwoRelaysIntegrationTest), 3 from the twentieth (the delete sent with COMMIT) to the
        // thirty-first. A lone event's round reads one page, so its scan comes right after the lock's statement.
        assertThat(relay).as("round trips of the relay for 3 lone events: %s", relay).hasSizeLessThanOrEqualTo(12);
        assertThat(relay).as("no commit of its own: %s", relay).noneMatch(trip -> trip.sql().equals("COMMIT"));
        for (int i = 0; i < relay.size(); i++) {
            if (relay.get(i).sql().startsWith("SELECT seq")) {
                assertThat(i).as("a scan without the round's lock before it: %s", relay).isPositive();
                assertThat(relay.get(i - 1).sql()).as("what came before a scan: %s", relay)
                        .startsWith("SELECT pg_try_advisory_xact_lock");
            }
        }
        assertThat(relay).filteredOn(trip -> trip.sql().startsWith("SELECT seq")).as("scans").hasSize(3);
        assertThat(relay).filteredOn(trip -> trip.sql().startsWith("DELETE"))
                .as("a lone event deleted without an SQL array").hasSize(3)
                .allMatch(trip -> trip.sql().equals("DELETE FROM outbox WHERE seq = ?\n;\nCOMMIT"));
    }

    private List<RoundTrips.RoundTrip> relayTrips() {
        return roundTrips.of(name -> name.equals("outbox-relay"));
    }

    /** The relay made no round trip for a while: it is parked until the next commit wakes it. */
    private void awaitRelaySettled() {
        AtomicInteger seen = new AtomicInteger(-1);
        await("the relay is parked").during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(10))
                .until(() -> seen.getAndSet(relayTrips().size()) == relayTrips().size());
    }
}
