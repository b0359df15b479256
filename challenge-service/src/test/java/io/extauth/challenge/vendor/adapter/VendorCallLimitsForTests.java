package io.extauth.challenge.vendor.adapter;

import io.extauth.messaging.tracing.EventTracing;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** Vendor bulkheads for tests that build a vendor's client themselves. */
public final class VendorCallLimitsForTests {

    private VendorCallLimitsForTests() {
    }

    /** Limits as a service makes them, without a tracer. */
    public static VendorCallLimits any() {
        return limits(new SimpleMeterRegistry());
    }

    /** The same, their meters in {@code meters}. */
    public static VendorCallLimits limits(MeterRegistry meters) {
        return new VendorCallLimits(meters, EventTracing.NONE);
    }

    /** The same, their threads carrying {@code tracing}'s trace context over. */
    public static VendorCallLimits limits(MeterRegistry meters, EventTracing tracing) {
        return new VendorCallLimits(meters, tracing);
    }

    /** A bulkhead of {@code limit} calls, its meters in a registry of its own. */
    public static CallsInFlight calls(int limit) {
        return any().of("test-vendor", "test.max-calls-in-flight", limit);
    }
}
