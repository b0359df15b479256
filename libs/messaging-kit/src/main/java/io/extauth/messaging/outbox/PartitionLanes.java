package io.extauth.messaging.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Which partitions the relay may send to now. A partition whose records are still unacknowledged, or whose send
 * failed a moment ago, is closed: its later records wait behind the ones already on their way (so each key keeps its
 * order) while every other partition keeps flowing. A failed partition is tried again after a back-off that doubles
 * up to a cap, so a partition without a leader costs one attempt per back-off, not a stalled relay.
 */
final class PartitionLanes {

    /** One partition of one topic: the unit whose records keep their order. */
    record Lane(String topic, int partition) {
    }

    private final Duration firstRetry;
    private final Duration maxRetry;
    private final Map<Lane, State> states = new HashMap<>();

    PartitionLanes(Duration firstRetry, Duration maxRetry) {
        this.firstRetry = firstRetry;
        this.maxRetry = maxRetry;
    }

    synchronized boolean isOpen(Lane lane, Instant now) {
        State state = states.get(lane);
        return state == null || state.inFlight == 0 && (state.retryAt == null || !now.isBefore(state.retryAt));
    }

    /** A record of the lane was sent and its acknowledgement is still awaited after the relay stopped waiting. */
    synchronized void awaiting(Lane lane) {
        states.computeIfAbsent(lane, l -> new State()).inFlight++;
    }

    /** The broker answered a record the relay stopped waiting for. */
    synchronized void answered(Lane lane, boolean acknowledged, Instant now) {
        State state = states.computeIfAbsent(lane, l -> new State());
        state.inFlight = Math.max(0, state.inFlight - 1);
        record(lane, state, acknowledged, now);
    }

    /** The broker answered a record while the relay was waiting. */
    synchronized void settled(Lane lane, boolean acknowledged, Instant now) {
        record(lane, states.computeIfAbsent(lane, l -> new State()), acknowledged, now);
    }

    private void record(Lane lane, State state, boolean acknowledged, Instant now) {
        if (acknowledged) {
            state.failures = 0;
            state.retryAt = null;
        } else {
            state.failures++;
            Duration wait = firstRetry.multipliedBy(1L << Math.min(state.failures - 1, 16));
            state.retryAt = now.plus(wait.compareTo(maxRetry) > 0 ? maxRetry : wait);
        }
        if (state.inFlight == 0 && state.retryAt == null) {
            states.remove(lane);
        }
    }

    private static final class State {
        int inFlight;
        int failures;
        @Nullable Instant retryAt;
    }
}
