package io.extauth.messaging.outbox;

import io.extauth.contract.ExtauthEvent;

/** Records events to publish, inside the transaction of the change that produced them. */
public interface Outbox {

    /**
     * Stores the event for publication on its contract topic, keyed by {@code userId}.
     *
     * @return the event's {@code ce_id}
     * @throws IllegalStateException when called outside a transaction: the event would not be atomic with its change
     */
    String publish(ExtauthEvent event);
}
