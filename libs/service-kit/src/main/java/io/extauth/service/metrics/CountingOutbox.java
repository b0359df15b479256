package io.extauth.service.metrics;

import io.extauth.contract.ExtauthEvent;
import io.extauth.messaging.outbox.Change;
import io.extauth.messaging.outbox.Outbox;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The outbox, counting each event once its transaction commits ({@code extauth_events_published_total}): every
 * domain fact of every service (an order placed or rejected and why, a provisioning per factor type, a mail sent, a
 * challenge's outcome, a lockout, a fraud report) is an event, so one counter here covers them all. Counted after
 * commit so a rolled-back change counts nothing.
 */
final class CountingOutbox implements Outbox {

    static final String METER = "extauth.events.published";

    private final Outbox delegate;
    private final MeterRegistry meters;
    /**
     * The counter of each tag set seen so far: a builder and the registry's look-up per event (the meter's id built,
     * its tags sorted and hashed) were 7% of the mail worker's samples. The tags are few and bounded, as the registry's
     * own meters are.
     */
    private final Map<Map<String, String>, Counter> counters = new ConcurrentHashMap<>();

    CountingOutbox(Outbox delegate, MeterRegistry meters) {
        this.delegate = delegate;
        this.meters = meters;
    }

    @Override
    public String publish(ExtauthEvent event) {
        String id = delegate.publish(event);
        countOnCommit(event);
        return id;
    }

    @Override
    public boolean changeAndPublish(Change change, ExtauthEvent event) {
        boolean published = delegate.changeAndPublish(change, event);
        if (published) {
            countOnCommit(event);
        }
        return published;
    }

    /** Counts the event once its transaction commits; at once without one (its statement committed by itself). */
    private void countOnCommit(ExtauthEvent event) {
        Counter counter = counterOf(EventTags.of(event));
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    counter.increment();
                }
            });
        } else {
            counter.increment();
        }
    }

    private Counter counterOf(Map<String, String> tags) {
        Counter known = counters.get(tags);
        return known != null ? known : counters.computeIfAbsent(tags, this::register);
    }

    private Counter register(Map<String, String> tags) {
        return register(meters, tags);
    }

    /** The counter of one tag set: made at its first use, or found where it was made before ({@link CountedFromStart}). */
    static Counter register(MeterRegistry meters, Map<String, String> tags) {
        Counter.Builder counter = Counter.builder(METER).description("Events committed to the outbox, by type and "
                + "outcome");
        tags.forEach(counter::tag);
        return counter.register(meters);
    }
}
