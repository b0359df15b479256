package io.extauth.challenge.vendor.adapter;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** Vendor bulkheads for tests that build a vendor's client themselves. */
public final class VendorCallLimitsForTests {

    private VendorCallLimitsForTests() {
    }

    /** Limits sized as a service with Boot's 200 request threads sizes them. */
    public static VendorCallLimits any() {
        return limits(new SimpleMeterRegistry());
    }

    /** The same, their meters in {@code meters}. */
    public static VendorCallLimits limits(MeterRegistry meters) {
        return new VendorCallLimits(meters, 200);
    }

    /** A bulkhead of {@code limit} calls, its meters in a registry of its own. */
    public static CallsInFlight calls(int limit) {
        return any().of("test-vendor", "test.max-calls-in-flight", limit);
    }
}
