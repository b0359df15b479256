package io.extauth.challenge.vendor.adapter;

import io.extauth.messaging.tracing.EventTracing;
import io.extauth.service.settings.InvalidSettingException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Makes each vendor's {@link CallsInFlight} bound, {@value #DEFAULT_LIMIT} calls at once per instance unless its
 * setting says otherwise, with its {@link VendorThreads}. Requests hand their vendor calls to those threads, so the
 * bound no longer has to leave room among the request threads ({@code server.tomcat.threads.max}): a vendor that hangs
 * holds its own threads only.
 * <p>
 * Meters per vendor: {@code extauth.vendor.calls.in.flight} (gauge) and {@code extauth.vendor.calls.refused}
 * (counter, {@code reason=in-flight-limit}).
 */
@Component
public class VendorCallLimits implements DisposableBean {

    static final int DEFAULT_LIMIT = 64;

    private final MeterRegistry meters;
    private final EventTracing tracing;
    private final List<CallsInFlight> made = new ArrayList<>();

    @Autowired
    VendorCallLimits(MeterRegistry meters, EventTracing tracing) {
        this.meters = meters;
        this.tracing = tracing;
    }

    /**
     * The bulkhead of one vendor.
     *
     * @param vendor     its name in logs, meters and thread names ({@code phonefactor}, {@code symantec-vip})
     * @param setting    the property that bounds it, named in the refusal and in errors
     * @param configured the property's value; {@code null} for {@value #DEFAULT_LIMIT}
     */
    public synchronized CallsInFlight of(String vendor, String setting, @Nullable Integer configured) {
        int limit = configured != null ? configured : DEFAULT_LIMIT;
        if (limit < 1) {
            throw new InvalidSettingException(setting, "is " + limit + ": at least 1 call to the vendor must be "
                    + "allowed at once (unset, " + DEFAULT_LIMIT + ")");
        }
        Counter refused = Counter.builder("extauth.vendor.calls.refused").tag("vendor", vendor)
                .tag("reason", "in-flight-limit")
                .description("Vendor calls not made: the vendor already had its bound of calls in flight")
                .register(meters);
        CallsInFlight calls = new CallsInFlight(vendor, setting, limit, refused, tracing);
        Gauge.builder("extauth.vendor.calls.in.flight", calls, CallsInFlight::inFlight).tag("vendor", vendor)
                .description("Vendor calls under way on this instance").register(meters);
        made.add(calls);
        return calls;
    }

    @Override
    public synchronized void destroy() throws InterruptedException {
        for (CallsInFlight calls : made) {
            calls.threads().shutdown(Duration.ofSeconds(5));
        }
    }
}
