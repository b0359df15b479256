package io.extauth.service.metrics;

import io.extauth.contract.ExtauthEvent;
import io.extauth.messaging.outbox.Outbox;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
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

    CountingOutbox(Outbox delegate, MeterRegistry meters) {
        this.delegate = delegate;
        this.meters = meters;
    }

    @Override
    public String publish(ExtauthEvent event) {
        String id = delegate.publish(event);
        Map<String, String> tags = EventTags.of(event);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    count(tags);
                }
            });
        } else {
            count(tags);
        }
        return id;
    }

    private void count(Map<String, String> tags) {
        Counter.Builder counter = Counter.builder(METER).description("Events committed to the outbox, by type and "
                + "outcome");
        tags.forEach(counter::tag);
        counter.register(meters).increment();
    }
}
