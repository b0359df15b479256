package io.extauth.messaging.consumer;

import io.extauth.contract.ExtauthEvent;
import io.extauth.messaging.cloudevents.IncomingEvent;

/** What a service does with one event; runs inside the transaction that records the event in the inbox. */
@FunctionalInterface
public interface EventHandler<E extends ExtauthEvent> {

    void handle(E event, IncomingEvent envelope);
}
