package io.extauth.messaging.consumer;

import org.springframework.kafka.listener.BatchListenerFailedException;

/**
 * A record failed, not for want of the database: bounded retries, then its dead letter (at once when an invalid event
 * is its cause). Why a class of its own: {@link WaitingForDatabase}.
 */
final class RecordFailed extends BatchListenerFailedException {

    RecordFailed(String message, Throwable cause, int index) {
        super(message, cause, index);
    }
}
