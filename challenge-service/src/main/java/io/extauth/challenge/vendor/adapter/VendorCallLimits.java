package io.extauth.challenge.vendor.adapter;

import io.extauth.service.settings.InvalidSettingException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Sizes each vendor's {@link CallsInFlight} against the request threads that make the calls
 * ({@code server.tomcat.threads.max}, Boot's 200 by default). Unset, a vendor may hold a third of them, so even with
 * both vendors hung a third is left for everything else. Set explicitly, the bound is taken as given, with a warning
 * at start when the vendors' bounds together leave no request thread free.
 * <p>
 * Meters per vendor: {@code extauth.vendor.calls.in.flight} (gauge) and {@code extauth.vendor.calls.refused}
 * (counter, {@code reason=in-flight-limit}).
 */
@Component
public class VendorCallLimits {

    static final String REQUEST_THREADS = "server.tomcat.threads.max";
    static final int BOOT_REQUEST_THREADS = 200;
    static final int DEFAULT_SHARE_DIVISOR = 3;

    private static final Logger log = LoggerFactory.getLogger(VendorCallLimits.class);

    private final MeterRegistry meters;
    private final int requestThreads;
    private int bounded;

    @Autowired
    VendorCallLimits(MeterRegistry meters, Environment environment) {
        this(meters, environment.getProperty(REQUEST_THREADS, Integer.class, BOOT_REQUEST_THREADS));
    }

    VendorCallLimits(MeterRegistry meters, int requestThreads) {
        this.meters = meters;
        this.requestThreads = requestThreads;
    }

    /**
     * The bulkhead of one vendor.
     *
     * @param vendor     its name in logs and meters ({@code phonefactor}, {@code symantec-vip})
     * @param setting    the property that bounds it, named in the refusal and in errors
     * @param configured the property's value; {@code null} for a third of the request threads
     */
    public synchronized CallsInFlight of(String vendor, String setting, @Nullable Integer configured) {
        int limit = configured != null ? configured : Math.max(1, requestThreads / DEFAULT_SHARE_DIVISOR);
        if (limit < 1) {
            throw new InvalidSettingException(setting, "is " + limit + ": at least 1 call to the vendor must be "
                    + "allowed at once (unset, a third of " + REQUEST_THREADS + ")");
        }
        Counter refused = Counter.builder("extauth.vendor.calls.refused").tag("vendor", vendor)
                .tag("reason", "in-flight-limit")
                .description("Vendor calls not made: the vendor already had its bound of calls in flight")
                .register(meters);
        CallsInFlight calls = new CallsInFlight(vendor, setting, limit, refused);
        Gauge.builder("extauth.vendor.calls.in.flight", calls, CallsInFlight::inFlight).tag("vendor", vendor)
                .description("Vendor calls under way on this instance").register(meters);
        bounded += limit;
        if (bounded >= requestThreads) {
            log.warn("The vendors may hold {} calls at once and the instance has {} request threads ({}): vendors "
                    + "that hang could hold every one of them; lower their max-calls-in-flight (this one: {})",
                    bounded, requestThreads, REQUEST_THREADS, setting);
        }
        return calls;
    }
}
