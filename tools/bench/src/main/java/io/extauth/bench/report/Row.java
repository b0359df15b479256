package io.extauth.bench.report;

import io.extauth.bench.stats.Latency;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One line of a scenario's table: what was attempted, what completed, the sustained rate, the latency (when the
 * scenario measures one) and the rate as a share of each baseline it is compared with (baseline name to share, 0..1).
 */
public record Row(String label, long attempted, long completed, long failed, double perSecond, String unit,
        @Nullable Latency latency, Map<String, Double> shareOf) {

    public static Row rate(String label, long count, double perSecond, String unit) {
        return new Row(label, count, count, 0, perSecond, unit, null, Map.of());
    }

    public Row withShares(Map<String, Double> shares) {
        return new Row(label, attempted, completed, failed, perSecond, unit, latency, Map.copyOf(shares));
    }
}
