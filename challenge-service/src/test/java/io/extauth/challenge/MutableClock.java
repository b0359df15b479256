package io.extauth.challenge;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The system clock plus an offset the test moves forward: time keeps running, and jumps when a test says so. The
 * offset belongs to the test JVM, so a second service instance started in a test sees the same time.
 */
public final class MutableClock extends Clock {

    private static volatile Duration offset = Duration.ZERO;

    public void advance(Duration by) {
        synchronized (MutableClock.class) {
            offset = offset.plus(by);
        }
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the service runs in UTC");
    }
}
