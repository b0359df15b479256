package io.extauth.localstack.cluster;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.extauth.localstack.JwtKeys;
import io.extauth.localstack.StackSecrets;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cluster}: the distributed form on this machine, each part its own OS process (see {@link ClusterLayout} for
 * the processes and their ports). The processes outlive the command; every later command finds them through their
 * pid files.
 */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        header = "Run the distributed form: each part its own process.",
        description = "The distributed form on this machine: three KRaft brokers, PostgreSQL, GreenMail, the simulator, "
                + "the callback front and two instances of each service, each its own process.",
        subcommands = {ClusterCommand.Up.class, ClusterCommand.Status.class, ClusterCommand.Down.class,
                ClusterCommand.Start.class, ClusterCommand.Stop.class})
public final class ClusterCommand {

    static final Duration INFRASTRUCTURE_READY = Duration.ofSeconds(120);
    static final Duration SERVICES_READY = Duration.ofSeconds(300);
    static final Duration STOP_GRACE = Duration.ofSeconds(60);

    /** Options every subcommand has. */
    public static final class Options {

        @Option(names = "--home", defaultValue = "${env:EXTAUTH_CLUSTER_HOME:-.extauth/cluster}",
                description = "The cluster's directory: data, keys, pid files, logs, cluster.env (default: ${DEFAULT-VALUE}).")
        Path home = Path.of(".extauth/cluster");

        @Option(names = "--port-base", defaultValue = "${env:EXTAUTH_PORT_BASE}",
                description = "Every port is derived from it (base+1..3 Kafka, +20 PostgreSQL, +25/+26 mail, +30 "
                        + "simulator, +60 callback front, +41.. services). Default: the one this home was started with, else "
                        + ClusterLayout.DEFAULT_PORT_BASE + ".")
        @Nullable Integer portBase;

        @Option(names = "--checkout", defaultValue = ".",
                description = "The checkout whose built jars run (default: the working directory).")
        Path checkout = Path.of(".");

        ClusterLayout layout() {
            Path portBaseFile = ClusterLayout.portBaseFile(home);
            Integer recorded = null;
            try {
                if (Files.exists(portBaseFile)) {
                    recorded = Integer.parseInt(Files.readString(portBaseFile, StandardCharsets.US_ASCII).strip());
                }
            } catch (IOException | NumberFormatException e) {
                recorded = null;
            }
            int base = portBase != null ? portBase : recorded != null ? recorded : ClusterLayout.DEFAULT_PORT_BASE;
            ClusterLayout layout = new ClusterLayout(home, base);
            if (recorded != null && recorded != base) {
                Supervisor supervisor = new Supervisor(layout);
                if (ClusterLayout.processNames().stream().anyMatch(name -> supervisor.running(name).isPresent())) {
                    throw new IllegalStateException(layout.home() + " runs on port base " + recorded + ", not " + base
                            + ": stop it first (./extauth cluster down) or leave --port-base out");
                }
            }
            return layout;
        }

        /**
         * Everything a start needs: jars, keys and secrets (generated once per home), the PostgreSQL binaries; the
         * service instances it starts get {@code keptForStart} ({@link ServiceSettings#forStart}).
         */
        ClusterPlan planToStart(ClusterLayout layout, boolean preparePostgres, Map<String, String> keptForStart) {
            try {
                StackSecrets.createHome(layout.home());
                Files.writeString(ClusterLayout.portBaseFile(layout.home()), layout.portBase() + "\n", StandardCharsets.US_ASCII);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            ClusterEnv.write(layout);
            StackSecrets stackSecrets = new StackSecrets(layout.keysDir());
            ClusterPlan.Secrets secrets = ClusterPlan.Secrets.of(stackSecrets, new JwtKeys(layout.keysDir()));
            Path postgresBin = preparePostgres ? PostgresServer.prepare(layout, stackSecrets)
                    : layout.postgresBinariesDir();
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            return new ClusterPlan(layout, Jars.in(realPath(checkout)), java, secrets, postgresBin,
                    keptForStart);
        }
    }

    /**
     * The checkout as the jars' paths name it to their processes: its real path, links resolved, as {@code ./extauth}
     * finds a running cluster by them ({@code pwd -P}) before it rebuilds anything.
     */
    static Path realPath(Path checkout) {
        try {
            return checkout.toRealPath();
        } catch (IOException e) {
            return checkout.toAbsolutePath().normalize();
        }
    }

    @Command(name = "up", mixinStandardHelpOptions = true,
            description = {"Start every process that is not running, wait until each is ready, print the status table.",
                    "The services' settings in this environment (EXTAUTH_*, SPRING_*, SERVER_*, MANAGEMENT_*, "
                            + "LOGGING_*) are kept in <home>/service-settings.env for every later start of a service "
                            + "instance; NAME= forgets one."})
    static final class Up implements Callable<Integer> {

        @Mixin Options options;

        @Override
        public Integer call() throws Exception {
            long started = System.nanoTime();
            PrintStream out = System.out;
            ClusterLayout layout = options.layout();
            Supervisor supervisor = new Supervisor(layout);
            out.println("starting the extauth cluster in " + layout.home() + " (port base " + layout.portBase() + ")");
            boolean postgresRunning = supervisor.running("postgres").isPresent();
            ClusterPlan plan = options.planToStart(layout, !postgresRunning,
                    keepServiceSettings(out, layout, supervisor, System.getenv()));
            KafkaNodes.prepare(layout);
            try {
                step(out, supervisor, "brokers, database, mail", names(plan, "kafka-1", "kafka-2", "kafka-3", "postgres", "mail"),
                        INFRASTRUCTURE_READY);
                awaitBrokers(layout, INFRASTRUCTURE_READY);
                step(out, supervisor, "vendor simulator, callback front", names(plan, "simulator", ClusterLayout.CALLBACK_FRONT),
                        INFRASTRUCTURE_READY);
                // one instance of each first: the second ones then find their schemas migrated and topics created
                step(out, supervisor, "services, first instances", instances(plan, 1), SERVICES_READY);
                step(out, supervisor, "services, second instances", instances(plan, 2), SERVICES_READY);
            } catch (RuntimeException | TimeoutException e) {
                System.err.println("the cluster did not come up: " + e.getMessage());
                System.err.println("what runs stays running: ./extauth cluster status, logs in " + layout.logsDir());
                out.print(table(layout, plan, supervisor));
                return 1;
            }
            out.println();
            out.print(table(layout, plan, supervisor));
            out.printf("ready in %.1f s; environment in %s, logs in %s%n", (System.nanoTime() - started) / 1e9,
                    layout.envFile(), layout.logsDir());
            return 0;
        }

        /**
         * Keeps the service settings of {@code environment} ({@link ServiceSettings}) and says which, by name only (a
         * value may be a secret); returns what the instances this command starts get.
         */
        static Map<String, String> keepServiceSettings(PrintStream out, ClusterLayout layout, Supervisor supervisor,
                Map<String, String> environment) {
            Set<String> setByTheCluster = ClusterPlan.forInspection(layout).setByTheCluster();
            ServiceSettings.Given given = ServiceSettings.of(environment, setByTheCluster, layout);
            if (!given.notKept().isEmpty()) {
                out.println("not kept for later starts: " + String.join(", ", given.notKept()));
            }
            ServiceSettings.Kept kept = ServiceSettings.keep(layout, given, setByTheCluster);
            if (!kept.settings().isEmpty()) {
                out.println("the services' settings, kept for every later start of an instance until cluster down ("
                        + ServiceSettings.file(layout) + "): " + String.join(", ", kept.settings().keySet()));
            }
            List<String> running = ClusterLayout.processNames().stream().filter(n -> n.contains("-service-"))
                    .filter(n -> supervisor.running(n).isPresent()).toList();
            if (!kept.changed().isEmpty() && !running.isEmpty()) {
                out.println("kept anew, changed or forgotten: " + String.join(", ", kept.changed()) + "; the instances running ("
                        + String.join(", ", running) + ") keep their old values until each is restarted");
            }
            return ServiceSettings.forStart(kept.settings(), environment);
        }

        private static List<ClusterProcess> instances(ClusterPlan plan, int instance) {
            return ClusterLayout.SERVICES.stream().map(service -> plan.process(service + "-" + instance)).toList();
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Print every process with its pid, state and address.")
    static final class Status implements Callable<Integer> {

        @Mixin Options options;

        @Override
        public Integer call() {
            ClusterLayout layout = options.layout();
            System.out.print(table(layout, ClusterPlan.forInspection(layout), new Supervisor(layout)));
            return 0;
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true, description = {
            "(Re)start one stopped process with its ports and data.",
            "A service instance gets the settings cluster up kept, under what this environment sets (NAME= for a "
                    + "setting's default)."})
    static final class Start implements Callable<Integer> {

        @Mixin Options options;

        @Parameters(paramLabel = "NAME", description = "kafka-1..3, postgres, mail, simulator, callback-front, <service>-1|2")
        String name = "";

        @Option(names = "--host-clock-offset", paramLabel = "OFFSET",
                description = "A service instance only: start it as if its host's clock ran OFFSET ahead (+) or "
                        + "behind (-), e.g. -45s, +2m, 1h (libfaketime: apt-get install libfaketime, or "
                        + "EXTAUTH_LIBFAKETIME). For the chaos tool's skew fault.")
        @Nullable String hostClockOffset;

        @Override
        public Integer call() throws Exception {
            ClusterLayout layout = options.layout();
            Supervisor supervisor = new Supervisor(layout);
            HostClockOffset offset = null;
            if (hostClockOffset != null) {
                if (!name.contains("-service-")) {
                    throw new IllegalArgumentException("--host-clock-offset is for a service instance, not " + name);
                }
                offset = HostClockOffset.parse(hostClockOffset, System.getenv("EXTAUTH_LIBFAKETIME"),
                        HostClockOffset.LIBRARY_PLACES);
                if (supervisor.running(name).isPresent()) {
                    throw new IllegalStateException(name + " runs already, on the clock it was started with: stop it "
                            + "first (./extauth cluster stop " + name + ")");
                }
            }
            ClusterPlan plan = options.planToStart(layout, name.equals("postgres"),
                    settingsForStart(System.out, layout, name, System.getenv()));
            if (name.startsWith("kafka-")) {
                KafkaNodes.prepare(layout);
            }
            ClusterProcess process = offset == null ? plan.process(name) : plan.process(name).withEnv(offset.env());
            step(System.out, supervisor, name, List.of(process),
                    name.contains("-service-") ? SERVICES_READY : INFRASTRUCTURE_READY);
            System.out.print(table(layout, plan, supervisor, List.of(process)));
            return 0;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = "Stop one process by its pid (SIGTERM; PostgreSQL SIGINT, its fast shutdown).")
    static final class Stop implements Callable<Integer> {

        @Mixin Options options;

        @Parameters(paramLabel = "NAME") String name = "";

        @Override
        public Integer call() throws InterruptedException {
            ClusterLayout layout = options.layout();
            ClusterPlan plan = ClusterPlan.forInspection(layout);
            stopAll(new Supervisor(layout), List.of(plan.process(name)));
            return 0;
        }
    }

    @Command(name = "down", mixinStandardHelpOptions = true,
            description = {"Stop every process by its pid: services, simulator, mail, brokers, PostgreSQL last.",
                    "Forgets the services' settings cluster up kept."})
    static final class Down implements Callable<Integer> {

        @Mixin Options options;

        @Override
        public Integer call() throws InterruptedException {
            ClusterLayout layout = options.layout();
            ClusterPlan plan = ClusterPlan.forInspection(layout);
            Supervisor supervisor = new Supervisor(layout);
            List<String> services = ClusterLayout.processNames().stream().filter(n -> n.contains("-service-")).toList();
            stopAll(supervisor, names(plan, services.toArray(String[]::new)));
            stopAll(supervisor, names(plan, "simulator", ClusterLayout.CALLBACK_FRONT, "mail"));
            // all three at once: each hands its partitions over while the controller quorum still stands
            stopAll(supervisor, names(plan, "kafka-1", "kafka-2", "kafka-3"));
            stopAll(supervisor, names(plan, "postgres"));
            ServiceSettings.forget(layout);
            return 0;
        }
    }

    /**
     * What a start of {@code name} gets of the kept service settings: for a service instance those the starting
     * command's {@code environment} does not set (said by name, as are the ones it does); nothing for another process,
     * which never reads the file.
     */
    static Map<String, String> settingsForStart(PrintStream out, ClusterLayout layout, String name,
            Map<String, String> environment) {
        if (!name.contains("-service-")) {
            return Map.of();
        }
        Map<String, String> kept = ServiceSettings.read(layout, ClusterPlan.forInspection(layout).setByTheCluster());
        Map<String, String> forStart = ServiceSettings.forStart(kept, environment);
        if (!forStart.isEmpty()) {
            out.println("with the settings cluster up was given: " + String.join(", ", forStart.keySet()));
        }
        List<String> overridden = kept.keySet().stream().filter(environment::containsKey).toList();
        if (!overridden.isEmpty()) {
            out.println("this command's own environment sets " + String.join(", ", overridden)
                    + ": its values, not the kept ones, for this start (one set empty: the setting's default)");
        }
        return forStart;
    }

    static List<ClusterProcess> names(ClusterPlan plan, String... names) {
        return java.util.Arrays.stream(names).map(plan::process).toList();
    }

    /** Starts those not running, then waits for all of them; one line with the time it took. */
    static void step(PrintStream out, Supervisor supervisor, String what, List<ClusterProcess> processes, Duration timeout)
            throws TimeoutException, InterruptedException {
        long started = System.nanoTime();
        for (ClusterProcess process : processes) {
            supervisor.start(process);
        }
        supervisor.awaitReady(processes, timeout);
        out.printf("  %-34s %5.1f s%n", what, (System.nanoTime() - started) / 1e9);
    }

    static void stopAll(Supervisor supervisor, List<ClusterProcess> processes) throws InterruptedException {
        List<ClusterProcess> signalled = new ArrayList<>();
        for (ClusterProcess process : processes) {
            if (supervisor.signalStop(process)) {
                signalled.add(process);
            }
        }
        for (ClusterProcess process : signalled) {
            long started = System.nanoTime();
            boolean killed = supervisor.awaitExit(process.name(), STOP_GRACE);
            System.out.printf("  stopped %-24s %5.1f s%s%n", process.name(), (System.nanoTime() - started) / 1e9,
                    killed ? " (did not stop within " + STOP_GRACE.toSeconds() + " s: killed)" : "");
        }
    }

    /** Waits until all three brokers are registered: a topic of replication factor 3 needs three. */
    static void awaitBrokers(ClusterLayout layout, Duration timeout) throws InterruptedException, TimeoutException {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, layout.kafkaBootstrap());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(config)) {
            while (true) {
                try {
                    if (admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size() >= ClusterLayout.BROKERS) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    // not yet
                }
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("fewer than " + ClusterLayout.BROKERS + " brokers registered after "
                            + timeout.toSeconds() + " s");
                }
                Thread.sleep(500);
            }
        }
    }

    static String table(ClusterLayout layout, ClusterPlan plan, Supervisor supervisor) {
        return table(layout, plan, supervisor, plan.all());
    }

    static String table(ClusterLayout layout, ClusterPlan plan, Supervisor supervisor, List<ClusterProcess> processes) {
        List<StatusTable.Row> rows = new ArrayList<>();
        for (ClusterProcess process : processes) {
            var running = supervisor.running(process.name());
            rows.add(new StatusTable.Row(process.name(), running.map(ProcessHandle::pid).orElse(null),
                    supervisor.state(process), running.map(Footprint::mib).orElse(0L), process.address()));
        }
        return StatusTable.render(rows);
    }
}
