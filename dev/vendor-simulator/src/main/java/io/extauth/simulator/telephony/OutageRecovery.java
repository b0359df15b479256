package io.extauth.simulator.telephony;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.extauth.simulator.callback.CallbackSender;
import io.extauth.simulator.state.StatePersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * What a telephony vendor does after an outage: the calls it carried were cut, the texts and pushes awaiting a reply
 * were lost, and it reports each as failed instead of leaving its sender waiting for an answer that cannot come (the
 * user may have pressed the right key while the gateway was down). On a start with a state file, every contact still
 * open when the simulator stopped ({@link StatePersistence#savedAt()}) is marked FAILED before the web server takes a
 * request, so no key press acts on it, also when its end passed during the outage (it was cut, not left unanswered);
 * a {@code FAILED} status callback goes to its sender in the background, with the retries of any callback, for their
 * full time even past the contact's end (its sender holds the decision until it hears). Contacts that were answered,
 * expired or failed before the stop keep their status and are not reported again. Off with
 * {@code simulator.outage.cut-open-contacts=false} ({@link OutageProperties}), as the local stack runs it.
 */
@Component
class OutageRecovery implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(OutageRecovery.class);

    private final List<CutByOutage> contacts;
    private final CallbackSender callbacks;
    private final StatePersistence state;
    private final Clock clock;
    private final OutageProperties outage;

    OutageRecovery(List<CutByOutage> contacts, CallbackSender callbacks, StatePersistence state, Clock clock,
            OutageProperties outage) {
        this.contacts = contacts;
        this.callbacks = callbacks;
        this.state = state;
        this.clock = clock;
        this.outage = outage;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (!outage.cutOpenContacts()) {
            return; // a restart of the local stack: the open contacts ring on (simulator.outage.cut-open-contacts)
        }
        Instant stoppedAt = state.savedAt().orElseGet(clock::instant);
        for (CutByOutage kind : contacts) {
            for (CutByOutage.Dropped dropped : kind.dropOpen(stoppedAt)) {
                log.warn("{} {} of {} was open when the simulator stopped: FAILED (vendor outage), reported to {}",
                        dropped.callback().kind(), dropped.callback().id(), dropped.callback().reference(),
                        dropped.callbackUrl());
                callbacks.report(dropped.callbackUrl(), dropped.callback(), null);
            }
        }
    }
}
