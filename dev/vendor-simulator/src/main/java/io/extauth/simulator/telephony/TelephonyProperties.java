package io.extauth.simulator.telephony;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code simulator.telephony.*}.
 *
 * @param kept how many calls, how many SMS and how many pushes the simulator keeps at most (each kind on its own):
 *             beyond it the oldest that are over — answered, replied to, approved, denied, expired, cancelled or cut —
 *             are forgotten; one still open never is, so more are held only while more are open. At least 1; the
 *             default 5,000 holds every contact of a test run or an afternoon by hand, and a long benchmark no longer
 *             grows the stack's heap and state file with every login (issue 14)
 */
@ConfigurationProperties("simulator.telephony")
public record TelephonyProperties(@DefaultValue("5000") int kept) {

    public static final TelephonyProperties DEFAULTS = new TelephonyProperties(5000);

    public TelephonyProperties {
        if (kept < 1) {
            throw new IllegalStateException("simulator.telephony.kept must be at least 1, was " + kept);
        }
    }
}
