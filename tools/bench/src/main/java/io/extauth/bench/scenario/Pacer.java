package io.extauth.bench.scenario;

import java.util.concurrent.locks.LockSupport;

/** Spaces actions evenly at a fixed rate from the first one; a rate of 0 or less means flat out (no waiting). */
public final class Pacer {

    private final double perSecond;
    private long startNanos;

    public Pacer(double perSecond) {
        this.perSecond = perSecond;
    }

    public void start() {
        startNanos = System.nanoTime();
    }

    /** When the {@code n}-th action (from 0) is due. */
    public long dueNanos(long n) {
        return perSecond <= 0 ? startNanos : startNanos + (long) (n * 1e9 / perSecond);
    }

    /** Waits until the {@code n}-th action is due. */
    public void awaitTurn(long n) {
        long due = dueNanos(n);
        long now;
        while ((now = System.nanoTime()) < due) {
            LockSupport.parkNanos(due - now);
        }
    }
}
