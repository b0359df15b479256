package io.extauth.chaos.fault;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One fault injected into the cluster: a process killed with SIGKILL (then started again), stopped cleanly and
 * started again after an outage, frozen (SIGSTOP) and let go on (SIGCONT), or run on a host clock that is off. {@code target} is a process name of {@code ./extauth cluster}, except for
 * {@link Kind#KILL_CONTROLLER_LEADER}, whose process is found when the fault is injected.
 */
public record Fault(String name, Kind kind, String target) {

    public enum Kind {
        /** kill -9 of a process, then {@code cluster start} */
        KILL,
        /** kill -9 of the broker that leads the KRaft controller quorum at that moment */
        KILL_CONTROLLER_LEADER,
        /** {@code cluster stop}, a pause, {@code cluster start}: a restart or an outage */
        STOP_START,
        /**
         * SIGSTOP of a process, a pause, SIGCONT: a stall the process itself does not see (a long collector pause, a
         * virtual machine frozen by its host) while its sockets stay open and its leases and sessions run out
         */
        FREEZE,
        /**
         * A restart of a service instance as if its host's clock ran off (libfaketime), load while it runs so, then a
         * restart on the right clock: a host whose NTP failed
         */
        SKEW
    }

    /** {@code freeze-challenge-service-1}: that instance frozen; {@code freeze}: each in turn. */
    static final String FREEZE_PREFIX = "freeze-";
    /** {@code skew-notification-service-1}: that instance on a host clock off by {@code --skew}. */
    static final String SKEW_PREFIX = "skew-";

    public static final List<String> SERVICE_INSTANCES = List.of("order-service-1", "order-service-2",
            "provisioning-service-1", "provisioning-service-2", "challenge-service-1", "challenge-service-2",
            "notification-service-1", "notification-service-2");

    /** Every fault, in the order they run. */
    public static final List<String> ALL = List.of("broker", "controller", "services", "postgres", "smtp", "vendor",
            "freeze");

    /** The faults of {@code --short}: one of each kind of process that carries state or work in flight. */
    public static final List<String> SHORT = List.of("controller", "challenge-service-1", "notification-service-1",
            "postgres");

    /**
     * The faults named: {@code broker} (a broker that does not lead the controller quorum), {@code controller},
     * {@code services} (each instance in turn) or one instance by name, {@code postgres} (a restart), {@code smtp}
     * (mail stopped and started), {@code vendor} (the simulator stopped and started), {@code freeze} (each service
     * instance frozen in turn) or {@code freeze-<instance>}, {@code skew-<instance>} (that instance restarted on a host
     * clock off by {@code --skew}, not in {@link #ALL}: it needs libfaketime); {@code none} for no fault
     * (the load and the checks only).
     */
    public static List<Fault> parse(List<String> names) {
        Set<Fault> faults = new LinkedHashSet<>();
        for (String raw : names) {
            String name = raw.strip();
            switch (name) {
                case "none" -> {
                    // only the load and the checks: a clean run of the driver
                }
                case "broker" -> faults.add(new Fault("kill -9 a broker", Kind.KILL, "kafka-follower"));
                case "controller" -> faults.add(new Fault("kill -9 controller leader", Kind.KILL_CONTROLLER_LEADER,
                        "kafka-leader"));
                case "services" -> SERVICE_INSTANCES.forEach(s -> faults.add(kill(s)));
                case "postgres" -> faults.add(new Fault("restart postgres", Kind.STOP_START, "postgres"));
                case "smtp" -> faults.add(new Fault("SMTP outage (mail)", Kind.STOP_START, "mail"));
                case "vendor" -> faults.add(new Fault("vendor outage (simulator)", Kind.STOP_START, "simulator"));
                case "freeze" -> SERVICE_INSTANCES.forEach(s -> faults.add(freeze(s)));
                default -> {
                    if (name.startsWith(FREEZE_PREFIX)
                            && SERVICE_INSTANCES.contains(name.substring(FREEZE_PREFIX.length()))) {
                        faults.add(freeze(name.substring(FREEZE_PREFIX.length())));
                        continue;
                    }
                    if (name.startsWith(SKEW_PREFIX)
                            && SERVICE_INSTANCES.contains(name.substring(SKEW_PREFIX.length()))) {
                        String instance = name.substring(SKEW_PREFIX.length());
                        faults.add(new Fault("skew " + instance, Kind.SKEW, instance));
                        continue;
                    }
                    if (!SERVICE_INSTANCES.contains(name) && !name.matches("kafka-[123]")) {
                        throw new IllegalArgumentException("unknown fault '" + name + "': choose from " + ALL
                                + ", a service instance " + SERVICE_INSTANCES + " (kill -9), " + FREEZE_PREFIX
                                + "<instance> (frozen), " + SKEW_PREFIX + "<instance> (a host clock off) or kafka-1..3");
                    }
                    faults.add(kill(name));
                }
            }
        }
        return new ArrayList<>(faults);
    }

    /**
     * Refuses a {@code --skew} that {@code cluster start --host-clock-offset} would not take, or a
     * {@code --skewed-clock-source} a service would refuse to start with, before any instance is stopped for it.
     */
    public static void checkSkew(String skew, @Nullable String clockSource) {
        if (!skew.strip().matches("[+-]?\\d{1,6}[smh]?")) {
            throw new IllegalArgumentException("--skew '" + skew + "': give seconds, minutes or hours ahead (+) or "
                    + "behind (-), e.g. -45s, +2m");
        }
        if (clockSource != null && !List.of("database", "host").contains(clockSource.strip().toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("--skewed-clock-source '" + clockSource + "': database or host");
        }
    }

    private static Fault freeze(String process) {
        return new Fault("freeze " + process, Kind.FREEZE, process);
    }

    private static Fault kill(String process) {
        return new Fault("kill -9 " + process, Kind.KILL, process);
    }
}
