package io.extauth.messaging.outbox;

import io.extauth.contract.ExtauthEvent;

/** Records events to publish, atomically with the change that produced them. */
public interface Outbox {

    /**
     * Stores the event for publication on its contract topic, keyed by {@code userId}.
     *
     * @return the event's {@code ce_id}
     * @throws IllegalStateException when called outside a transaction: the event would not be atomic with its change
     */
    String publish(ExtauthEvent event);

    /**
     * Makes the change and stores the event with it, in one statement: the event only if the change changed a row,
     * once however many it changed. Outside a transaction that statement commits by itself, so an outcome that is
     * one row's change and its event costs one round trip instead of a transaction's two (the change, then the event
     * with the commit); inside one, it is part of that transaction like {@link #publish}.
     *
     * @return whether the change changed a row, and so the event is stored
     */
    boolean changeAndPublish(Change change, ExtauthEvent event);
}
