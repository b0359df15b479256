package io.extauth.simulator.faults;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * How badly the vendor provisioning endpoints behave.
 *
 * @param errorRate share of requests answered with 500, 0 to 1
 * @param latencyMs delay before every answer
 * @param outage    answer every request with 503
 */
public record Faults(
        @DecimalMin("0.0") @DecimalMax("1.0") double errorRate,
        @Min(0) @Max(60_000) long latencyMs,
        boolean outage) {

    public static final Faults NONE = new Faults(0, 0, false);
}
