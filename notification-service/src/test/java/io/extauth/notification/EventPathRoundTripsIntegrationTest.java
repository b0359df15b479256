package io.extauth.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.extauth.contract.AuthType;
import io.extauth.contract.ChallengeOutcome;
import io.extauth.contract.LoginChannel;
import io.extauth.contract.Topics;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.contract.events.ChallengeResult;
import io.extauth.notification.mail.adapter.MailWorker;
import io.extauth.testsupport.NetworkRoundTrips;
import io.extauth.testsupport.RoundTrips;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * What one order's e-mail costs notification-service's database on the event path (issue 14): the round trips
 * (statements, commits) of its listener threads for the order's contact ({@code AuthOrdered}) and the e-mail it calls
 * for ({@code Provisioned}), each handled alone, and of the mail worker for the e-mail it claims, sends and records.
 * The worker polls only when the test says so here (no wake-up on new work, an hourly poll), so its claim is counted:
 * a wake-up's claim is the same statement on the runner's own thread.
 */
@Import(RoundTrips.class)
// the round trips counted on the wire too, the driver as a running service's (NetworkRoundTrips)
@TestPropertySource(properties = {"extauth.mail.worker.poll-interval=1h", "extauth.mail.worker.wake-on-new-work=false",
        NetworkRoundTrips.PROPERTY + "=" + NetworkRoundTrips.NAME, NetworkRoundTrips.PREPARE_THRESHOLD + "=1"})
class EventPathRoundTripsIntegrationTest extends NotificationIntegrationTestBase {

    @Autowired
    RoundTrips roundTrips;
    @Autowired
    MailWorker worker;

    @Test
    void anOrdersEmailCostsThreeRoundTripsPerEventAndThreeToSend() {
        AuthOrdered order = order(AuthType.PHONEFACTOR, null);

        roundTrips.reset();
        awaitHandled(upstream.sendBinary(Topics.AUTH_ORDERED, order));
        List<RoundTrips.RoundTrip> contact = roundTrips.of(RoundTrips.LISTENERS);
        List<NetworkRoundTrips.Turn> contactOnTheWire = roundTrips.onTheWire(RoundTrips.LISTENERS);

        roundTrips.reset();
        awaitHandled(upstream.sendBinary(Topics.AUTH_PROVISIONED, provisioned(order)));
        List<RoundTrips.RoundTrip> queueing = roundTrips.of(RoundTrips.LISTENERS);
        List<NetworkRoundTrips.Turn> queueingOnTheWire = roundTrips.onTheWire(RoundTrips.LISTENERS);

        String tester = Thread.currentThread().getName();
        roundTrips.reset();
        worker.poll();
        await().atMost(Duration.ofSeconds(30)).until(() -> sentEventsOf(order).size() == 1);
        await("the slot is free and done").atMost(Duration.ofSeconds(10)).until(worker::isIdle);
        List<RoundTrips.RoundTrip> sending = roundTrips.of(name -> name.equals(tester)
                || name.startsWith("mail-worker-"));
        List<NetworkRoundTrips.Turn> sendingOnTheWire = roundTrips.onTheWire(name -> name.equals(tester)
                || name.startsWith("mail-worker-"));

        // inbox, the contact, commit
        assertThat(contact).as("round trips of AuthOrdered: %s", contact).hasSizeLessThanOrEqualTo(3);
        assertThat(contactOnTheWire).as("on the wire, no more: %s", contactOnTheWire)
                .isNotEmpty().hasSizeLessThanOrEqualTo(contact.size());
        // inbox, the e-mail, commit
        assertThat(queueing).as("round trips of Provisioned: %s", queueing).hasSizeLessThanOrEqualTo(3);
        assertThat(queueingOnTheWire).as("on the wire, no more: %s", queueingOnTheWire)
                .isNotEmpty().hasSizeLessThanOrEqualTo(queueing.size());
        // the claim with the e-mail's contact, the send counted as handed over just before its end of data goes (so a
        // stop or crash while the server has not answered counts toward the two sends at most; 2 before session 66),
        // then SENT and its EmailSent in one statement that commits by itself
        // (Outbox.changeAndPublish); 4 while SENT was a transaction (SENT, then the outbox with the commit), 5 before
        // the slot that came free left the database alone after a claim that came back short (it asked again and
        // found nothing), 7 before the contact was read with the claim, 6 before SENT took the lock
        assertThat(sending).as("round trips of the mail worker: %s", sending).hasSizeLessThanOrEqualTo(3);
        assertThat(sendingOnTheWire).as("on the wire, no more: %s", sendingOnTheWire)
                .isNotEmpty().hasSizeLessThanOrEqualTo(sending.size());
    }

    @Test
    void aChallengeResultThatCallsForNoMailCostsNoRoundTripAndLeavesNoInboxRow() {
        String userId = "user-" + UUID.randomUUID();
        Instant now = Instant.now();

        roundTrips.reset();
        String succeeded = upstream.sendBinary(Topics.AUTH_CHALLENGE_RESULT, new ChallengeResult(ACCOUNT, userId, "c-1",
                LoginChannel.VPN, ChallengeOutcome.SUCCEEDED, 0, 5, null, now));
        String failed = upstream.sendBinary(Topics.AUTH_CHALLENGE_RESULT, new ChallengeResult(ACCOUNT, userId, "c-2",
                LoginChannel.VPN, ChallengeOutcome.FAILED, 1, 4, null, now));
        String lockedOut = upstream.sendBinary(Topics.AUTH_CHALLENGE_RESULT, new ChallengeResult(ACCOUNT, userId,
                "c-3", LoginChannel.VPN, ChallengeOutcome.LOCKED_OUT, 5, 0, now.plusSeconds(3600), now));
        // one key, one partition: once the lockout is handled, the two results before it have been read
        awaitHandled(lockedOut);
        List<RoundTrips.RoundTrip> listeners = roundTrips.of(RoundTrips.LISTENERS);
        List<NetworkRoundTrips.Turn> listenersOnTheWire = roundTrips.onTheWire(RoundTrips.LISTENERS);

        assertThat(jdbc.queryForObject("SELECT count(*) FROM inbox WHERE event_id IN (?, ?)", Long.class, succeeded,
                failed)).as("no inbox row for a result that calls for no mail").isZero();
        // the lockout's inbox row, its e-mail, commit; nothing for the results before it (2 round trips each before)
        assertThat(listeners).as("round trips of three results: %s", listeners).hasSizeLessThanOrEqualTo(3);
        assertThat(listenersOnTheWire).as("on the wire, no more: %s", listenersOnTheWire)
                .isNotEmpty().hasSizeLessThanOrEqualTo(listeners.size());
        // the lockout's e-mail (to a user without a contact) is not this test's: not left for the worker to count
        jdbc.update("DELETE FROM email WHERE event_id = ?", lockedOut);
    }
}
