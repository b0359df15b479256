package io.extauth.notification.mail.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.extauth.contract.AuthType;
import io.extauth.contract.ContractJson;
import io.extauth.contract.OrderChannel;
import io.extauth.contract.Topics;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.contract.events.Provisioned;
import io.extauth.messaging.work.Claim;
import io.extauth.messaging.work.RetrySettings;
import io.extauth.messaging.work.WorkRunner;
import io.extauth.notification.contact.adapter.Contacts;
import io.extauth.notification.mail.Emails;
import io.extauth.notification.mail.MailTemplate;
import io.extauth.notification.mail.adapter.QueuedEmails.Queued;
import io.extauth.testsupport.TestEvents;
import io.extauth.testsupport.TopicRecorder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import io.extauth.messaging.outbox.JdbcOutbox;
import io.extauth.messaging.outbox.OutboxRelay;
import io.extauth.messaging.tracing.EventTracing;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Leases of the mail worker on the real database and SMTP server: a dead worker's e-mail is sent by another within
 * one short lease, a live worker keeps its lease however long it sends, and a worker that lost its lease records
 * nothing. The service runs with its default lease. A row this version cannot read (a later version's template or
 * event, or damaged data) holds up no other e-mail and is left for later, with the reason; one whose work throws is put
 * off, not claimed again at each lease. An e-mail the server never confirms is sent twice at most, also when the
 * instances sending it stop or die while they wait for the answer, and a stop waits for it. A lost connection while
 * SENT is recorded sends nothing again.
 */
@SpringBootTest(properties = "extauth.mail.worker.poll-interval=100ms")
@EmbeddedKafka(partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class MailLeaseIntegrationTest {

    private static final String ACCOUNT = "1234";
    /** Rows the test's own runners work on are due only on their clock, an hour ahead: the service never claims them. */
    private static final Duration AHEAD = Duration.ofHours(1);
    private static final GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

    static {
        smtp.start();
    }

    private static TestEvents upstream;
    private static TopicRecorder topics;

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    QueuedEmails queue;
    @Autowired
    MailProperties properties;
    @Autowired
    MailWorker worker;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    MeterRegistry meters;
    @Autowired
    Contacts contacts;
    @Autowired
    EmailSentEvents events;
    @Autowired
    DataSource dataSource;
    @Autowired
    OutboxRelay relay;
    @Autowired
    EventTracing tracing;

    @DynamicPropertySource
    static void smtp(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> smtp.getSmtp().getPort());
    }

    @BeforeAll
    static void connect(@Autowired EmbeddedKafkaBroker broker) {
        upstream = new TestEvents(broker.getBrokersAsString());
        topics = new TopicRecorder(broker.getBrokersAsString(), List.of(Topics.AUTH_EMAIL_SENT));
    }

    @AfterAll
    static void stop() {
        upstream.close();
        topics.close();
        smtp.stop();
    }

    @Test
    void theMailWorkersQueueIsCalledWithoutAProxy() {
        assertThat(AopUtils.isAopProxy(queue)).as("a proxy around " + queue.getClass()).isFalse();
    }

    @Test
    void anEmailLeasedByAWorkerThatDiedIsSentByAnotherWithinOneShortLeaseExactlyOnce() {
        assertThat(properties.worker().lease()).as("the default lease").isLessThanOrEqualTo(Duration.ofSeconds(30));
        AuthOrdered order = orderWithKnownContact();
        Provisioned provisioned = new Provisioned(ACCOUNT, order.userId(), order.orderId(), AuthType.PHONEFACTOR,
                "REF-1", Instant.now());
        String eventId = UUID.randomUUID().toString();
        Instant diedAt = Instant.now();
        String messageId = insertLeasedByADeadWorker(provisioned, eventId, diedAt, properties.worker().lease());

        await("the e-mail of the dead worker").atMost(properties.worker().lease().plusSeconds(5))
                .until(() -> mailsWith(messageId) == 1);
        Duration takenOverAfter = Duration.between(diedAt, Instant.now());

        await("one SMTP message, one EmailSent").during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> mailsWith(messageId) == 1 && sentEventsFor(order.userId()) == 1);
        assertThat(status(messageId)).isEqualTo("SENT");
        assertThat(takenOverAfter).as("taken over after the dead worker's lease, not after the old two minutes")
                .isBetween(properties.worker().lease().minusMillis(500), properties.worker().lease().plusSeconds(5));
    }

    @Test
    void aLiveWorkerWhoseWorkOutlastsItsLeaseKeepsItAndNoOtherWorkerRunsTheSameWork() throws InterruptedException {
        String key = insertDueOnlyAhead();
        Duration lease = Duration.ofSeconds(1);
        WorkRunner<Queued> slow = runner("slow", lease);
        WorkRunner<Queued> other = runner("other", lease);
        AtomicInteger othersWork = new AtomicInteger();
        List<String> recorded = new CopyOnWriteArrayList<>();
        CountDownLatch claimed = new CountDownLatch(1);
        try {
            slow.poll(work -> {
                claimed.countDown();
                // the work takes three leases: another worker polling all along must not get it
                await("the other worker polls").during(lease.multipliedBy(3)).atMost(lease.multipliedBy(4))
                        .until(() -> {
                            other.poll(stolen -> othersWork.incrementAndGet());
                            return othersWork.get() == 0;
                        });
                slow.record(work, current -> {
                    queue.retryLater(work.key(), Instant.now().plus(AHEAD).plus(AHEAD), "done by the slow worker");
                    recorded.add(work.key());
                });
            });
            assertThat(claimed.await(5, TimeUnit.SECONDS)).as("the slow worker claimed the row").isTrue();

            await().atMost(Duration.ofSeconds(10)).until(() -> recorded.contains(key));
            assertThat(othersWork).as("no second worker ran the same work").hasValue(0);
            assertThat(jdbc.queryForObject("SELECT last_error FROM email WHERE message_id = ?", String.class, key))
                    .isEqualTo("done by the slow worker");
        } finally {
            slow.shutdown();
            other.shutdown();
        }
    }

    @Test
    void aWorkerThatLostItsLeaseNeitherTakesItBackNorRecordsAnOutcome() throws InterruptedException {
        String key = insertDueOnlyAhead();
        Duration lease = Duration.ofMillis(600);
        WorkRunner<Queued> late = runner("late", lease);
        CountDownLatch takenOver = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        List<String> recorded = new CopyOnWriteArrayList<>();
        UUID otherWorker = UUID.randomUUID();
        try {
            late.poll(work -> {
                try {
                    assertThat(takenOver.await(5, TimeUnit.SECONDS)).isTrue();
                    // renewals every 200 ms find another worker's token from now on
                    await("a renewal period passes").during(lease).atMost(lease.multipliedBy(2))
                            .until(() -> otherWorker.equals(leaseToken(key)));
                    late.record(work, current -> {
                        queue.retryLater(work.key(), Instant.now(), "recorded by the late worker");
                        recorded.add(work.key());
                    });
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    finished.countDown();
                }
            });
            await("the late worker claimed the row").atMost(Duration.ofSeconds(5)).until(() -> leaseToken(key) != null);
            // its lease lapsed (say a database outage longer than the lease) and another worker claimed the row
            jdbc.update("UPDATE email SET lease_token = ?, lease_until = ? WHERE message_id = ?", otherWorker,
                    Timestamp.from(Instant.now().plus(AHEAD).plus(AHEAD)), key);
            takenOver.countDown();
            assertThat(finished.await(10, TimeUnit.SECONDS)).isTrue();

            assertThat(recorded).as("the late finisher records nothing").isEmpty();
            assertThat(leaseToken(key)).as("the row stays the other worker's").isEqualTo(otherWorker);
            assertThat(jdbc.queryForObject("SELECT last_error FROM email WHERE message_id = ?", String.class, key))
                    .isNull();
        } finally {
            late.shutdown();
        }
    }

    @Test
    void anEmailWhoseWorkThrowsIsPutOffAMinuteInsteadOfClaimedAgainWhenItsLeaseRunsOut() throws InterruptedException {
        String key = insertDueOnlyAhead();
        WorkRunner<Queued> throwing = runner("throwing", Duration.ofSeconds(10));
        Instant claimedAt = Instant.now().plus(AHEAD);
        try {
            // an outcome that cannot be recorded (a NUL in the server's words did that) or a bug
            await("claimed, failed and put off").atMost(Duration.ofSeconds(5)).until(() -> {
                throwing.poll(work -> {
                    if (work.key().equals(key)) {
                        throw new IllegalStateException("an outcome that cannot be recorded");
                    }
                });
                return leaseToken(key) == null && nextAttemptAt(key).isAfter(Instant.now().plus(AHEAD));
            });

            assertThat(jdbc.queryForObject("SELECT attempts FROM email WHERE message_id = ?", Integer.class, key))
                    .as("claimed once").isEqualTo(1);
            assertThat(nextAttemptAt(key)).as("a minute after the failure").isAfter(claimedAt.plusSeconds(50));
            assertThat(mailsWith(key)).isZero();
        } finally {
            throwing.shutdown();
            forget(key);
        }
    }

    @Test
    void anEmailTheServerNeverConfirmsIsSentTwiceAtMostThenFailedWithWhy() throws Exception {
        String messageId = dueProvisioningEmail();
        try (SlowToConfirmSmtp server = new SlowToConfirmSmtp()) {
            server.confirmAfter(Duration.ofSeconds(2));
            MailWorker worker = workerOf(server.port(), Duration.ofMillis(500));
            try {
                worker.poll();
                await("handed over, not confirmed, due again").atMost(Duration.ofSeconds(10))
                        .until(() -> leaseToken(messageId) == null && unconfirmedSends(messageId) == 1);
                assertThat(status(messageId)).isEqualTo("PENDING");
                assertThat(lastError(messageId)).startsWith("the SMTP server was handed it whole and did not confirm "
                        + "it").endsWith("it may have been delivered; sent again once, under the same Message-ID");

                await("handed over again, not confirmed, given up").atMost(Duration.ofSeconds(10)).until(() -> {
                    worker.poll();
                    return !"PENDING".equals(status(messageId));
                });
                assertThat(status(messageId)).isEqualTo("FAILED");
                assertThat(jdbc.queryForObject("SELECT failure_reason FROM email WHERE message_id = ?", String.class,
                        messageId)).endsWith(", 2 times: it may have been delivered, so it is not sent again");
                await("never again").during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> {
                    worker.poll();
                    return server.handedOver(messageId) == 2;
                });
            } finally {
                worker.destroy();
            }
        } finally {
            forget(messageId);
        }
    }

    /**
     * The server's {@code 250} came, and the statement that records SENT loses its connection (its backend terminated,
     * as a PostgreSQL or PgBouncer restart does): it is run again on a fresh one, the lease kept meanwhile. Before, the
     * failure put the e-mail off a minute, and it was sent again then.
     */
    @Test
    void aConnectionLostWhileSentIsRecordedDoesNotSendTheEmailAgain() throws Exception {
        String messageId = dueProvisioningEmail();
        LosingDataSource losing = new LosingDataSource(dataSource, "SET status = 'SENT'");
        EmailSentEvents losingEvents = new EmailSentEvents(new JdbcOutbox(new JdbcTemplate(losing), Clock.systemUTC(),
                "/notification-service", relay, tracing));
        MailWorker worker = workerOf(smtp.getSmtp().getPort(), Duration.ofSeconds(10), losingEvents, AHEAD);
        // two minutes further on: past the minute a failed outcome put the e-mail off
        MailWorker later = workerOf(smtp.getSmtp().getPort(), Duration.ofSeconds(10), events,
                AHEAD.plus(Duration.ofMinutes(2)));
        try {
            worker.poll();
            await("sent, and its outcome recorded or given up").atMost(Duration.ofSeconds(20))
                    .until(() -> mailsWith(messageId) == 1 && worker.isIdle());
            assertThat(losing.lost()).as("the statement recording SENT lost its connection").isTrue();

            await("nothing due any more, past the put-off").during(Duration.ofSeconds(1))
                    .atMost(Duration.ofSeconds(5)).until(() -> {
                        later.poll();
                        return mailsWith(messageId) == 1;
                    });
            assertThat(status(messageId)).isEqualTo("SENT");
            assertThat(leaseToken(messageId)).isNull();
            assertThat(mailsWith(messageId)).as("one SMTP message with the Message-ID").isEqualTo(1);
            assertThat(unconfirmedSends(messageId)).as("the one send handed over was answered").isZero();
        } finally {
            worker.destroy();
            later.destroy();
            forget(messageId);
        }
    }

    /**
     * The server refuses the e-mail for now ({@code 451} at the end of its data: nothing stored), and the statement that
     * records it as due again loses its connection (a PostgreSQL or PgBouncer restart): it is run again, as SENT's is,
     * and the send, answered, is off the count. Before, the failure went to the runner, whose put-off left the send
     * counted as never answered: one such send more (a timeout) and the e-mail was given up, never sent again once.
     */
    @Test
    void aConnectionLostWhileARefusalIsRecordedLeavesTheAnsweredSendOffTheCount() throws Exception {
        String messageId = dueProvisioningEmail();
        LosingDataSource losing = new LosingDataSource(dataSource, "SET next_attempt_at");
        QueuedEmails losingQueue = new QueuedEmails(new JdbcTemplate(losing));
        try (SlowToConfirmSmtp server = new SlowToConfirmSmtp()) {
            server.answerEndOfData("451 4.7.1 greylisted, try again later");
            MailWorker worker = workerOf(server.port(), Duration.ofSeconds(10), losingQueue, events, AHEAD);
            // two minutes further on: past the minute a failed outcome put the e-mail off
            MailWorker later = workerOf(server.port(), Duration.ofSeconds(10), queue, events,
                    AHEAD.plus(Duration.ofMinutes(2)));
            try {
                worker.poll();
                await("refused, and its outcome recorded or given up").atMost(Duration.ofSeconds(20))
                        .until(() -> server.handedOver(messageId) >= 1 && leaseToken(messageId) == null
                                && worker.isIdle());
                // the first refusal's outcome was recorded on the second try; a second refusal may follow at once
                int refused = server.handedOver(messageId);
                assertThat(losing.lost()).as("the statement recording it as due again lost its connection").isTrue();
                assertThat(unconfirmedSends(messageId)).as("the send was answered: off the count").isZero();
                assertThat(status(messageId)).isEqualTo("PENDING");
                assertThat(lastError(messageId)).contains("451");

                server.answerEndOfData("250 2.0.0 queued");
                await("sent on a later attempt").atMost(Duration.ofSeconds(10)).until(() -> {
                    later.poll();
                    return "SENT".equals(status(messageId));
                });
                assertThat(server.handedOver(messageId)).as("refused, then taken once").isEqualTo(refused + 1);
                assertThat(unconfirmedSends(messageId)).isZero();
            } finally {
                worker.destroy();
                later.destroy();
            }
        } finally {
            forget(messageId);
        }
    }

    /**
     * The statement that counts the send commits, and its answer is lost: the worker holds the end of the data back
     * (nothing stored), and the outcome stores the count as the claim read it. Before, the count went up in a step and
     * the outcome took off only what the worker knew it had counted: the send, which never went, stayed counted.
     */
    @Test
    void aCountWhoseAnswerWasLostLeavesNoSendCountedThatNeverWent() throws Exception {
        String messageId = dueProvisioningEmail();
        AnswerLosingDataSource losing = new AnswerLosingDataSource(dataSource, "SET unconfirmed_sends");
        QueuedEmails losingQueue = new QueuedEmails(new JdbcTemplate(losing));
        try (SlowToConfirmSmtp server = new SlowToConfirmSmtp()) {
            MailWorker worker = workerOf(server.port(), Duration.ofSeconds(10), losingQueue, events, AHEAD);
            try {
                await("not sent, then sent on a later attempt").atMost(Duration.ofSeconds(20)).until(() -> {
                    worker.poll();
                    return "SENT".equals(status(messageId));
                });
                assertThat(losing.lost()).as("the count's answer was lost").isTrue();
                assertThat(server.handedOver(messageId)).as("the first attempt's end of data held back").isEqualTo(1);
                assertThat(unconfirmedSends(messageId)).as("the one send that went was answered").isZero();
            } finally {
                worker.destroy();
            }
        } finally {
            forget(messageId);
        }
    }

    private String dueProvisioningEmail() {
        AuthOrdered order = orderWithKnownContact();
        Provisioned event = new Provisioned(ACCOUNT, order.userId(), order.orderId(), AuthType.PHONEFACTOR, "REF-1",
                Instant.now());
        String eventId = UUID.randomUUID().toString();
        String messageId = Emails.messageId(eventId, Emails.templateFor(event));
        insertDue(messageId, eventId, Emails.templateFor(event).templateName(), event, json(event),
                Instant.now().plus(AHEAD));
        return messageId;
    }

    /**
     * Each send is counted on the row before the end of its data goes: an instance that stops or dies while the server
     * has not answered yet (a slow content filter) leaves it counted, and the instances that take the e-mail over
     * send it once more at most. Before, such a send was counted only when its answer timed out in a live process,
     * so every restart during such a wait added a copy.
     */
    @Test
    void aSendCutWhileTheServerHadNotAnsweredCountsTowardTheTwoSendsAtMost() throws Exception {
        String messageId = dueProvisioningEmail();
        SlowToConfirmSmtp server = new SlowToConfirmSmtp();
        server.confirmAfter(Duration.ofMinutes(1));
        List<MailWorker> workers = new ArrayList<>();
        try {
            MailWorker first = workerOf(server.port(), Duration.ofMinutes(2), events, AHEAD);
            workers.add(first);
            first.poll();
            await("handed over whole, the answer held").atMost(Duration.ofSeconds(10))
                    .until(() -> server.handedOver(messageId) == 1);
            assertThat(unconfirmedSends(messageId)).as("counted before its end of data went").isEqualTo(1);
            assertThat(status(messageId)).isEqualTo("PENDING");
            instanceDied(messageId);

            MailWorker second = workerOf(server.port(), Duration.ofMinutes(2), events, AHEAD);
            workers.add(second);
            second.poll();
            await("taken over: handed over again, the answer held").atMost(Duration.ofSeconds(10))
                    .until(() -> server.handedOver(messageId) == 2);
            assertThat(unconfirmedSends(messageId)).isEqualTo(2);
            instanceDied(messageId);

            MailWorker third = workerOf(server.port(), Duration.ofMinutes(2), events, AHEAD);
            workers.add(third);
            third.poll();
            await("given up").atMost(Duration.ofSeconds(10)).until(() -> "FAILED".equals(status(messageId)));
            assertThat(jdbc.queryForObject("SELECT failure_reason FROM email WHERE message_id = ?", String.class,
                    messageId)).contains("handed it whole 2 times without confirming it, or without its answer "
                    + "recorded").contains("or the database was away longer than a lease when it came")
                    .endsWith("it may have been delivered, so it is not sent again");
            await("not sent a third time").during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2))
                    .until(() -> server.handedOver(messageId) == 2);
        } finally {
            server.close(); // the held answers end: the cut workers' outcomes find the rows taken over
            for (MailWorker worker : workers) {
                worker.destroy();
            }
            forget(messageId);
        }
    }

    /**
     * A stop waits for the answer to a send whose end of data went, up to the send deadline, with its lease: the
     * e-mail is SENT once, not cut after the runner's few seconds and counted as never answered.
     */
    @Test
    void aStopWaitsForTheAnswerToAnEmailWhoseEndOfDataWent() throws Exception {
        String messageId = dueProvisioningEmail();
        try (SlowToConfirmSmtp server = new SlowToConfirmSmtp()) {
            // longer than the runner's own five seconds for the work in flight
            server.confirmAfter(Duration.ofSeconds(8));
            MailWorker worker = workerOf(server.port(), Duration.ofMinutes(2), events, AHEAD);
            try {
                worker.poll();
                await("handed over whole, the answer held").atMost(Duration.ofSeconds(10))
                        .until(() -> server.handedOver(messageId) == 1 && worker.awaitingAnswers() == 1);
            } finally {
                worker.destroy();
            }
            assertThat(status(messageId)).as("SENT by the time the stop is over").isEqualTo("SENT");
            assertThat(unconfirmedSends(messageId)).as("answered: off the count").isZero();
            assertThat(server.handedOver(messageId)).isEqualTo(1);
        } finally {
            forget(messageId);
        }
    }

    /** What the rest of the world sees of an instance that died with the e-mail leased: its lease lapsed. */
    private void instanceDied(String messageId) {
        jdbc.update("UPDATE email SET lease_token = ?, lease_until = NULL WHERE message_id = ?", UUID.randomUUID(),
                messageId);
    }

    @Test
    void theWindowInWhichACrashWouldSendAnEmailTwiceIsMeasuredAndShort() {
        int before = (int) worker.duplicateWindow().count();
        List<String> users = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 20; i++) {
            AuthOrdered order = order();
            upstream.sendBinary(Topics.AUTH_ORDERED, order);
            upstream.sendBinary(Topics.AUTH_PROVISIONED, new Provisioned(ACCOUNT, order.userId(), order.orderId(),
                    AuthType.PHONEFACTOR, "REF-1", Instant.now()));
            users.add(order.userId());
        }
        await("20 e-mails sent").atMost(Duration.ofSeconds(60))
                .until(() -> users.stream().allMatch(user -> sentEventsFor(user) == 1));

        var window = worker.duplicateWindow().takeSnapshot();
        System.out.printf("SMTP duplicate window over %d e-mails: mean %.1f ms, max %.1f ms%n",
                window.count() - before, window.mean(TimeUnit.MILLISECONDS), window.max(TimeUnit.MILLISECONDS));
        assertThat(window.count()).isGreaterThanOrEqualTo(before + 20);
        assertThat(window.max(TimeUnit.MILLISECONDS)).as("accepted -> SENT committed").isLessThan(1000.0);
    }

    @Test
    void aRowOfATemplateThisVersionDoesNotKnowHoldsUpNoOtherEmailAndWaitsWithItsReason() {
        List<Provisioned> others = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            AuthOrdered order = orderWithKnownContact();
            others.add(new Provisioned(ACCOUNT, order.userId(), order.orderId(), AuthType.PHONEFACTOR, "REF-1",
                    Instant.now()));
        }
        double unreadableBefore = unreadableCount();
        // one transaction: the next claim (four slots and four ahead) takes the unknown row, due first, with the others
        Instant due = Instant.now().minus(Duration.ofMinutes(5));
        String unknown = "later-" + UUID.randomUUID();
        List<String> messageIds = new ArrayList<>();
        transactions.executeWithoutResult(status -> {
            Provisioned first = others.get(0);
            insertDue(unknown, UUID.randomUUID().toString(), "a-template-of-a-later-version", first, json(first),
                    due);
            for (int i = 0; i < others.size(); i++) {
                Provisioned event = others.get(i);
                String eventId = UUID.randomUUID().toString();
                String messageId = Emails.messageId(eventId, Emails.templateFor(event));
                insertDue(messageId, eventId, Emails.templateFor(event).templateName(), event, json(event),
                        due.plusMillis(i + 1));
                messageIds.add(messageId);
            }
        });

        try {
            theOthersAreSentAndTheUnknownRowWaits(unknown, messageIds, due, unreadableBefore);
        } finally {
            forget(unknown);
        }
    }

    private void theOthersAreSentAndTheUnknownRowWaits(String unknown, List<String> messageIds, Instant due,
            double unreadableBefore) {
        await("the seven e-mails claimed with the unknown row are sent").atMost(Duration.ofSeconds(10))
                .until(() -> messageIds.stream().allMatch(id -> "SENT".equals(status(id))));
        await("the unknown row is left for later with its reason").atMost(Duration.ofSeconds(5))
                .until(() -> lastError(unknown) != null);
        assertThat(messageIds).allSatisfy(id -> assertThat(mailsWith(id)).as(id).isEqualTo(1));
        assertThat(status(unknown)).isEqualTo("PENDING");
        assertThat(lastError(unknown)).contains("cannot read").contains("a-template-of-a-later-version");
        assertThat(leaseToken(unknown)).as("its lease given back, not left to run out").isNull();
        assertThat(nextAttemptAt(unknown)).as("backed off, out of the way of the queue's head").isAfter(due);
        assertThat(mailsWith(unknown)).isZero();
        assertThat(unreadableCount() - unreadableBefore).isGreaterThanOrEqualTo(1.0);
    }

    @Test
    void anEmailWhoseEventDataThisVersionCannotReadIsLeftForLaterWithItsReasonNotRetriedAtEachLease() {
        AuthOrdered order = orderWithKnownContact();
        Provisioned event = new Provisioned(ACCOUNT, order.userId(), order.orderId(), AuthType.PHONEFACTOR, "REF-1",
                Instant.now());
        String eventId = UUID.randomUUID().toString();
        String messageId = Emails.messageId(eventId, Emails.templateFor(event));
        // data a later version wrote in a shape this one cannot read; "jane@" must not reach the timeline
        insertDue(messageId, eventId, Emails.templateFor(event).templateName(), event, "{\"accountId\": [\"jane@",
                Instant.now());

        try {
            await("the reason recorded").atMost(Duration.ofSeconds(5)).until(() -> lastError(messageId) != null);
            assertThat(status(messageId)).isEqualTo("PENDING");
            assertThat(lastError(messageId)).contains("cannot read").contains("Provisioned").doesNotContain("jane@");
            assertThat(leaseToken(messageId)).as("its lease given back at once").isNull();
            assertThat(nextAttemptAt(messageId)).isAfter(Instant.now());
            assertThat(mailsWith(messageId)).isZero();
        } finally {
            forget(messageId);
        }
    }

    @Test
    void anEmailToARecipientOfItsOwnForAnEventThisVersionMailsNoAdminAboutIsLeftForLaterWithItsReason() {
        AuthOrdered order = order();
        Provisioned event = new Provisioned(ACCOUNT, order.userId(), order.orderId(), AuthType.PHONEFACTOR, "REF-1",
                Instant.now());
        String eventId = UUID.randomUUID().toString();
        String messageId = Emails.messageId(eventId, Emails.templateFor(event)) + ".admin";
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.update("""
                INSERT INTO email (message_id, event_id, template, order_id, account_id, user_id, status, event_type,
                                   event_data, recipient, attempts, next_attempt_at, created_at)
                VALUES (?, ?, ?, ?, ?, ?, 'PENDING', 'Provisioned', ?, 'admin@example.com', 0, ?, ?)""", messageId,
                eventId, Emails.templateFor(event).templateName(), order.orderId(), ACCOUNT, order.userId(),
                json(event), now, now);
        try {
            await("the reason recorded").atMost(Duration.ofSeconds(5)).until(() -> lastError(messageId) != null);
            assertThat(lastError(messageId)).contains("cannot read").contains("Provisioned");
            assertThat(leaseToken(messageId)).as("its lease given back at once").isNull();
            assertThat(mailsWith(messageId)).isZero();
        } finally {
            forget(messageId);
        }
    }

    /** A row left for later would be due within the hour the other tests' runners claim ahead. */
    private void forget(String messageId) {
        jdbc.update("DELETE FROM email WHERE message_id = ?", messageId);
    }

    private void insertDue(String messageId, String eventId, String template, Provisioned event, String data,
            Instant due) {
        jdbc.update("""
                INSERT INTO email (message_id, event_id, template, order_id, account_id, user_id, status, event_type,
                                   event_data, attempts, next_attempt_at, created_at)
                VALUES (?, ?, ?, ?, ?, ?, 'PENDING', 'Provisioned', ?, 0, ?, ?)""", messageId, eventId, template,
                event.orderId(), event.accountId(), event.userId(), data, Timestamp.from(due), Timestamp.from(due));
    }

    private String lastError(String messageId) {
        return jdbc.queryForObject("SELECT last_error FROM email WHERE message_id = ?", String.class, messageId);
    }

    private Instant nextAttemptAt(String messageId) {
        return jdbc.queryForObject("SELECT next_attempt_at FROM email WHERE message_id = ?", Timestamp.class,
                messageId).toInstant();
    }

    private double unreadableCount() {
        return meters.find("extauth.emails.failed").tag("reason", "UNREADABLE").counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    private AuthOrdered orderWithKnownContact() {
        AuthOrdered order = order();
        upstream.sendBinary(Topics.AUTH_ORDERED, order);
        await("the contact is known").atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM contact WHERE order_id = ?", Integer.class, order.orderId()) == 1);
        return order;
    }

    /** The row as a worker that claimed it at {@code diedAt} and then died (kill -9) left it. */
    private String insertLeasedByADeadWorker(Provisioned event, String eventId, Instant diedAt, Duration lease) {
        MailTemplate template = Emails.templateFor(event);
        String messageId = Emails.messageId(eventId, template);
        jdbc.update("""
                INSERT INTO email (message_id, event_id, template, order_id, account_id, user_id, status, event_type,
                                   event_data, attempts, next_attempt_at, lease_until, lease_token, created_at)
                VALUES (?, ?, ?, ?, ?, ?, 'PENDING', 'Provisioned', ?, 1, ?, ?, ?, ?)""", messageId, eventId,
                template.templateName(), event.orderId(), event.accountId(), event.userId(), json(event),
                Timestamp.from(diedAt), Timestamp.from(diedAt.plus(lease)), UUID.randomUUID(), Timestamp.from(diedAt));
        return messageId;
    }

    /** A queued e-mail due an hour from now: only the test's runners, whose clocks run an hour ahead, claim it. */
    private String insertDueOnlyAhead() {
        AuthOrdered order = order();
        Provisioned event = new Provisioned(ACCOUNT, order.userId(), order.orderId(), AuthType.PHONEFACTOR, "REF-1",
                Instant.now());
        String eventId = UUID.randomUUID().toString();
        Queued queued = new Queued(Emails.messageId(eventId, Emails.templateFor(event)), eventId,
                Emails.templateFor(event), order.orderId(), ACCOUNT, order.userId(), "Provisioned", json(event), null);
        assertThat(queue.enqueue(queued, Instant.now().plus(AHEAD))).isTrue();
        return queued.messageId();
    }

    private WorkRunner<Queued> runner(String name, Duration lease) {
        return new WorkRunner<>(name, queue, 1, lease, transactions,
                Clock.offset(Clock.systemUTC(), AHEAD));
    }

    /**
     * A mail worker of the test's own on the service's queue, sending to the SMTP server on {@code port} and waiting
     * {@code readTimeout} for each reply, its clock an hour ahead: it claims only rows due that far ahead.
     */
    private MailWorker workerOf(int port, Duration readTimeout) {
        return workerOf(port, readTimeout, events, AHEAD);
    }

    /** As {@link #workerOf(int, Duration)}, recording through {@code sent}, its clock {@code ahead}. */
    private MailWorker workerOf(int port, Duration readTimeout, EmailSentEvents sent, Duration ahead) {
        return workerOf(port, readTimeout, queue, sent, ahead);
    }

    /** As {@link #workerOf(int, Duration, EmailSentEvents, Duration)}, on {@code queue}. */
    private MailWorker workerOf(int port, Duration readTimeout, QueuedEmails queue, EmailSentEvents sent,
            Duration ahead) {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost("127.0.0.1");
        sender.setPort(port);
        sender.getJavaMailProperties().setProperty("mail.smtp.timeout", String.valueOf(readTimeout.toMillis()));
        MailProperties settings = new MailProperties(properties.from(),
                new RetrySettings(Duration.ofMillis(50), 2.0, Duration.ofMillis(200), 0.5),
                new MailProperties.Worker(Duration.ofHours(1), 1, properties.worker().lease(), 0, false),
                properties.smtp(), false);
        return new MailWorker(queue, contacts, new SmtpMailer(sender, settings), sent, transactions,
                Clock.offset(Clock.systemUTC(), ahead), settings, meters);
    }

    private int unconfirmedSends(String messageId) {
        return jdbc.queryForObject("SELECT unconfirmed_sends FROM email WHERE message_id = ?", Integer.class,
                messageId);
    }

    private UUID leaseToken(String key) {
        return jdbc.queryForObject("SELECT lease_token FROM email WHERE message_id = ?", UUID.class, key);
    }

    private String status(String messageId) {
        return jdbc.queryForObject("SELECT status FROM email WHERE message_id = ?", String.class, messageId);
    }

    private static long mailsWith(String messageId) {
        return Arrays.stream(smtp.getReceivedMessages()).filter(message -> messageId(message).equals(messageId))
                .count();
    }

    private static String messageId(MimeMessage message) {
        try {
            return message.getMessageID();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long sentEventsFor(String userId) {
        return topics.events(Topics.AUTH_EMAIL_SENT, event -> userId.equals(event.key())).size();
    }

    /**
     * Connections that lose their connection once, at the first statement prepared whose SQL contains {@code victim}:
     * the subclass says when, before it is prepared or after it ran; {@link #lost()} tells whether it happened.
     */
    private abstract static class VictimDataSource extends DelegatingDataSource {

        private final String victim;
        private final AtomicBoolean armed = new AtomicBoolean(true);

        VictimDataSource(DataSource target, String victim) {
            super(target);
            this.victim = victim;
        }

        boolean lost() {
            return !armed.get();
        }

        /** True once: the first time it is asked. */
        final boolean disarm() {
            return armed.compareAndSet(true, false);
        }

        /** Called on the unwrapped connection just before it prepares the victim's statement. */
        void beforePreparing(Connection connection) throws SQLException {
        }

        /** The victim's statement as the caller gets it, once the connection prepared it. */
        Object prepared(PreparedStatement statement) {
            return statement;
        }

        @Override
        public Connection getConnection() throws SQLException {
            Connection connection = super.getConnection();
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                    new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                        boolean victims = method.getName().equals("prepareStatement") && args != null
                                && args[0] instanceof String sql && sql.contains(victim);
                        if (victims) {
                            beforePreparing(connection);
                        }
                        Object result = invoke(connection, method, args);
                        return victims ? prepared((PreparedStatement) result) : result;
                    });
        }

        static Object invoke(Object target, Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }

    /**
     * Connections of which the first to prepare a statement containing {@code victim} has lost its backend just before
     * (terminated with {@code pg_terminate_backend}, as a PostgreSQL or PgBouncer restart does): that statement fails
     * with a lost connection.
     */
    private static final class LosingDataSource extends VictimDataSource {

        LosingDataSource(DataSource target, String victim) {
            super(target, victim);
        }

        @Override
        void beforePreparing(Connection connection) throws SQLException {
            if (disarm()) {
                terminateBackendOf(connection);
            }
        }

        private void terminateBackendOf(Connection connection) throws SQLException {
            int pid;
            try (Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                pid = rs.getInt(1);
            }
            try (Connection admin = obtainTargetDataSource().getConnection();
                    Statement statement = admin.createStatement()) {
                // waits until the backend is gone, so the victim's statement fails for sure
                statement.execute("SELECT pg_terminate_backend(" + pid + ", 5000)");
            }
        }
    }

    /**
     * Connections of which the first statement containing {@code victim} to run takes effect (commits: autocommit) and
     * then fails as a lost connection, as when the connection breaks before the answer comes.
     */
    private static final class AnswerLosingDataSource extends VictimDataSource {

        AnswerLosingDataSource(DataSource target, String victim) {
            super(target, victim);
        }

        @Override
        Object prepared(PreparedStatement statement) {
            return Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
                    new Class<?>[] {PreparedStatement.class}, (proxy, method, args) -> {
                        Object done = invoke(statement, method, args);
                        if (method.getName().equals("executeUpdate") && disarm()) {
                            throw new SQLException("An I/O error occurred while sending to the backend.", "08006");
                        }
                        return done;
                    });
        }
    }

    private static String json(Object event) {
        try {
            return ContractJson.mapper().writeValueAsString(event);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static AuthOrdered order() {
        String userId = "user-" + UUID.randomUUID();
        return new AuthOrdered(ACCOUNT, userId, "o-" + UUID.randomUUID(), AuthType.PHONEFACTOR, null,
                "jane." + UUID.randomUUID() + "@example.com", null, new BigDecimal("4.00"), OrderChannel.PORTAL,
                Instant.now());
    }
}
