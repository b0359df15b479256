package io.extauth.service.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.contract.AuthType;
import io.extauth.contract.ExtauthEvent;
import io.extauth.contract.events.EmailSent;
import io.extauth.contract.events.Provisioned;
import io.extauth.messaging.outbox.Change;
import io.extauth.messaging.outbox.Outbox;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Each event counts once on {@code extauth.events.published} with its own tags, once its transaction committed. */
class CountingOutboxUnitTest {

    private static final Instant AT = Instant.parse("2026-11-30T06:00:00Z");

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final AtomicInteger published = new AtomicInteger();
    /** What the next change finds: whether it changes a row. */
    private boolean changes = true;
    private final CountingOutbox outbox = new CountingOutbox(new Outbox() {
        @Override
        public String publish(ExtauthEvent event) {
            return "id-" + published.incrementAndGet();
        }

        @Override
        public boolean changeAndPublish(Change change, ExtauthEvent event) {
            if (changes) {
                published.incrementAndGet();
            }
            return changes;
        }
    }, meters);

    @Test
    void eventsOfTheSameTagsCountOnOneCounterAndOthersOnTheirOwn() {
        for (int i = 0; i < 3; i++) {
            outbox.publish(new Provisioned("a", "u" + i, "o" + i, AuthType.PHONEFACTOR, "ref", AT));
        }
        outbox.publish(new Provisioned("a", "u", "o", AuthType.SYMANTEC_VIP, "ref", AT));
        outbox.publish(new EmailSent("a", "u", "o", "provisioned", "u***@example.com", "m", AT));
        outbox.publish(new EmailSent("a", "u", "o", "provisioned", "u***@example.com", "m2", AT));

        assertThat(published).hasValue(6);
        assertThat(count("type", "Provisioned", "factor", "PHONEFACTOR", "outcome", "PROVISIONED")).isEqualTo(3);
        assertThat(count("type", "Provisioned", "factor", "SYMANTEC_VIP")).isEqualTo(1);
        assertThat(count("type", "EmailSent", "reason", "provisioned", "topic", "auth.email-sent")).isEqualTo(2);
        assertThat(meters.find(CountingOutbox.METER).counters()).hasSize(3).allSatisfy(counter -> assertThat(
                counter.getId().getTags()).extracting(tag -> tag.getKey()).containsExactlyInAnyOrder("type", "topic",
                "outcome", "channel", "factor", "method", "reason"));
    }

    @Test
    void anEventOfATransactionCountsOnlyOnceItCommitted() {
        TransactionSynchronizationManager.initSynchronization();
        try {
            outbox.publish(new Provisioned("a", "u", "o", AuthType.PHONEFACTOR, "ref", AT));
            outbox.publish(new Provisioned("a", "u", "o2", AuthType.PHONEFACTOR, "ref", AT));
            assertThat(count("type", "Provisioned")).as("before the commit").isZero();

            List<TransactionSynchronization> synchronizations = TransactionSynchronizationManager
                    .getSynchronizations();
            synchronizations.forEach(TransactionSynchronization::afterCommit);
        } finally {
            TransactionSynchronizationManager.clearSynchronization();
        }

        assertThat(count("type", "Provisioned")).isEqualTo(2);
    }

    @Test
    void anEventStoredWithItsChangeCountsOnlyWhenTheChangeChangedARow() {
        Change change = new Change("UPDATE t SET x = 1 WHERE k = ?", "k");

        assertThat(outbox.changeAndPublish(change, new Provisioned("a", "u", "o", AuthType.PHONEFACTOR, "ref", AT)))
                .isTrue();
        changes = false;
        assertThat(outbox.changeAndPublish(change, new Provisioned("a", "u", "o2", AuthType.PHONEFACTOR, "ref", AT)))
                .isFalse();

        assertThat(published).hasValue(1);
        assertThat(count("type", "Provisioned")).isEqualTo(1);
    }

    @Test
    void anEventStoredWithItsChangeInATransactionCountsOnlyOnceItCommitted() {
        TransactionSynchronizationManager.initSynchronization();
        try {
            outbox.changeAndPublish(new Change("UPDATE t SET x = 1"),
                    new Provisioned("a", "u", "o", AuthType.PHONEFACTOR, "ref", AT));
            assertThat(count("type", "Provisioned")).as("before the commit").isZero();

            TransactionSynchronizationManager.getSynchronizations().forEach(TransactionSynchronization::afterCommit);
        } finally {
            TransactionSynchronizationManager.clearSynchronization();
        }

        assertThat(count("type", "Provisioned")).isEqualTo(1);
    }

    private double count(String... tags) {
        var counter = meters.find(CountingOutbox.METER).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }
}
