package io.extauth.bench.system;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Whose work a thread of the local stack's JVM does, by its name: extauth's four services, or the stand-ins for the
 * outside world that share the JVM ({@code ./extauth up} runs the Kafka broker, the vendor simulator and the GreenMail
 * SMTP server in the same process), or the JVM's own machinery, which all of them drive: its garbage collector, its JIT
 * compilers and the rest of its runtime, apart because they tell different things (a collector busy is allocation per
 * unit of work; compilers busy are a JVM not yet warm, whose figures are not its steady state). A thread nobody
 * recognises counts as extauth's: the figure of our own CPU errs on the high side, never the low. So the stand-ins
 * name every thread they start: the simulator's are {@code simulator-*} (its callbacks run on them and on its Tomcat
 * threads, no JDK {@code HttpClient-N-*} threads any more), its Tomcat threads carry its port; GreenMail's are
 * {@code smtp:*}; the services' Kafka listeners are named by service and topic ({@code order-service-listener-*}).
 */
public final class ThreadGroups {

    /** The groups, in the order the tables show them. */
    public enum Group {
        EXTAUTH("extauth's own threads"),
        GC("JVM: garbage collector"),
        JIT("JVM: JIT compilers"),
        JVM("JVM: runtime"),
        BROKER("Kafka broker"),
        SIMULATOR("vendor simulator"),
        SMTP("SMTP server (GreenMail)"),
        EXITED("short-lived threads, ended between samples");

        private final String label;

        Group(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** The JVM's own machinery, shared by everything in it: collector, compilers, runtime. */
        public boolean jvm() {
            return this == GC || this == JIT || this == JVM;
        }

        /** The stand-ins for the world outside extauth, which a real deployment does not run in its JVM. */
        public boolean outsideWorld() {
            return this == BROKER || this == SIMULATOR || this == SMTP;
        }
    }

    /** Thread names of the broker embedded in the local stack (its clients' threads, used by the services, are not). */
    private static final List<Pattern> BROKER = patterns(
            "data-plane-kafka.*", "kafka-scheduler.*", "kafka-\\d+-.*", "kafka-log-cleaner.*", "group-coordinator.*",
            "share-.*", "transaction-log-manager.*", "raft-.*", "quorum-controller.*", "controller-\\d+-.*",
            "broker-\\d+-.*", "TxnMarkerSender.*", "AddPartitionsToTxn.*", "LogDirFailureHandler", "SensorExpiryThread",
            "ExpirationReaper.*", "persister-state.*", "PersisterStateManager", "client-metrics-reaper",
            "network-partition-metadata-client-reaper", "executor-[A-Za-z-]+", "kafka-request-handler.*");

    /** The JVM's collector threads, named by HotSpot (some only as the kernel truncates them to 15 characters). */
    private static final List<Pattern> GC = patterns("GC Thread.*", "G1 .*");

    /** The JIT's threads: its compilers, and the sweeper that empties the code cache of what they replaced. */
    private static final List<Pattern> JIT = patterns("C1 CompilerThre.*", "C2 CompilerThre.*", "Sweeper thread");

    /** The rest of the JVM's own threads. */
    private static final List<Pattern> JVM = patterns(
            "VM Thread", "VM Periodic Task.*", "Service Thread", "Monitor Deflation.*", "Reference Handl.*", "Finalizer",
            "Signal Dispatch.*", "Common-Cleaner", "Notification Th.*", "JFR .*", "Attach Listener", "Cleaner-\\d+",
            "process reaper.*", "Native Heap Tri.*");

    private final String simulatorPort;

    /** @param simulatorPort the simulator's HTTP port: its Tomcat threads carry it in their names */
    public ThreadGroups(int simulatorPort) {
        this.simulatorPort = "-" + simulatorPort + "-";
    }

    public Group of(String threadName) {
        // the mail API's HTTP server is the stack's only JDK one: its dispatcher and timer have the JDK's names
        if (threadName.startsWith("smtp:") || threadName.equals("mail-api") || threadName.equals("HTTP-Dispatcher")
                || threadName.equals("idle-timeout-task")) {
            return Group.SMTP;
        }
        if (threadName.startsWith("simulator-") || threadName.startsWith("http-nio-")
                && threadName.contains(simulatorPort)) {
            return Group.SIMULATOR;
        }
        if (matches(BROKER, threadName)) {
            return Group.BROKER;
        }
        if (matches(GC, threadName)) {
            return Group.GC;
        }
        if (matches(JIT, threadName)) {
            return Group.JIT;
        }
        if (matches(JVM, threadName)) {
            return Group.JVM;
        }
        return Group.EXTAUTH;
    }

    private static boolean matches(List<Pattern> patterns, String name) {
        for (Pattern pattern : patterns) {
            if (pattern.matcher(name).matches()) {
                return true;
            }
        }
        return false;
    }

    private static List<Pattern> patterns(String... regexes) {
        return java.util.Arrays.stream(regexes).map(Pattern::compile).toList();
    }
}
