package io.extauth.bench;

import io.extauth.audit.cli.Durations;
import io.extauth.audit.cli.ExtauthVersion;
import io.extauth.bench.report.BenchReport;
import io.extauth.bench.report.JsonReport;
import io.extauth.bench.report.ScenarioResult;
import io.extauth.bench.report.Tables;
import io.extauth.bench.scenario.AuditScenario;
import io.extauth.bench.scenario.BaselineScenario;
import io.extauth.bench.scenario.BenchSettings;
import io.extauth.bench.scenario.CodecScenario;
import io.extauth.bench.scenario.Compilers;
import io.extauth.bench.scenario.LoginsScenario;
import io.extauth.bench.scenario.OrdersScenario;
import io.extauth.bench.scenario.Ramp;
import io.extauth.bench.scenario.RunIds;
import io.extauth.bench.stack.Http;
import io.extauth.bench.stack.Tokens;
import io.extauth.bench.system.CpuMeter;
import io.extauth.bench.system.MemoryPeak;
import io.extauth.bench.system.MemorySampler;
import io.extauth.bench.system.Pausable;
import io.extauth.bench.system.Startup;
import io.extauth.bench.system.StartupProbe;
import io.extauth.bench.system.ThreadCpuSampler;
import io.extauth.bench.system.ThreadFamilies;
import io.extauth.bench.system.ThreadGroups;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench}: measures a running extauth stack and the raw broker and database under it. */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = ExtauthVersion.class, sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Measures a running local stack (./extauth up in another terminal): orders end to end, login decisions,",
            "the audit tool, and in the same run the raw rates of the same broker and database; the stack's peak",
            "memory. Prints one table per scenario and writes everything as JSON (--out).",
            "Exit codes: 0 every scenario ran or was skipped, 1 a scenario failed, 2 the stack is unreachable."})
public final class BenchCommand implements Callable<Integer> {

    static final List<String> SCENARIOS = List.of(BaselineScenario.NAME, OrdersScenario.NAME, LoginsScenario.NAME,
            AuditScenario.NAME, CodecScenario.NAME);

    /** Scenarios that run inside the bench's own JVM and need no stack. */
    static final Set<String> WITHOUT_STACK = Set.of(CodecScenario.NAME, AuditScenario.NAME);

    /** How long the stack is measured at rest before the orders' and the logins' measured runs. */
    static final Duration AT_REST = Duration.ofSeconds(5);

    @Spec
    CommandSpec spec;

    @Option(names = "--bootstrap-servers", defaultValue = "127.0.0.1:9092", description = "the stack's broker (${DEFAULT-VALUE})")
    String bootstrapServers;
    @Option(names = "--order-url", defaultValue = "http://127.0.0.1:8081", description = "order-service (${DEFAULT-VALUE})")
    String orderUrl;
    @Option(names = "--challenge-url", defaultValue = "http://127.0.0.1:8083", description = "challenge-service (${DEFAULT-VALUE})")
    String challengeUrl;
    @Option(names = "--simulator-url", defaultValue = "http://127.0.0.1:8089", description = "vendor simulator (${DEFAULT-VALUE})")
    String simulatorUrl;
    @Option(names = "--jdbc-url", defaultValue = "jdbc:postgresql://127.0.0.1:15432/postgres", description = "the stack's PostgreSQL (${DEFAULT-VALUE})")
    String jdbcUrl;
    @Option(names = "--jdbc-user", defaultValue = "postgres") String jdbcUser;
    @Option(names = "--jdbc-password", description = "default: the stack's own, in <keys-dir>/postgres-password")
    @Nullable String jdbcPassword;
    @Option(names = "--keys-dir", defaultValue = ".extauth/keys", description = "the stack's JWT keys: jwt-private.pem signs the PORTAL token (${DEFAULT-VALUE})")
    Path keysDir;
    @Option(names = "--stack-home", defaultValue = ".extauth", description = "the stack's --home: up.lock names the JVM whose memory is sampled (${DEFAULT-VALUE})")
    Path stackHome;
    @Option(names = "--stack-pid", description = "sample this process instead of the pid in <stack-home>/up.lock")
    @Nullable Long stackPid;

    @Option(names = "--scenarios", split = ",", defaultValue = "baseline,orders,logins,audit",
            description = "which scenarios, in this order: ${DEFAULT-VALUE}; also codec (the kit's read path per "
                    + "record, no stack needed)")
    List<String> scenarios;
    @Option(names = "--duration", defaultValue = "20s", converter = Durations.class,
            description = "fixed-rate run of orders and logins; logins then run flat out for half of it (${DEFAULT-VALUE})")
    Duration duration;
    @Option(names = "--order-rate", defaultValue = "500", description = "orders/s of the fixed-rate run, 0 to skip it (${DEFAULT-VALUE})")
    double orderRate;
    @Option(names = "--order-burst", defaultValue = "1000", description = "orders published flat out after it, 0 to skip (${DEFAULT-VALUE})")
    int orderBurst;
    @Option(names = "--max-backlog", defaultValue = "2000", description = "the fixed-rate run stops publishing when more orders than this are in flight (${DEFAULT-VALUE})")
    int maxBacklog;
    @Option(names = "--drain-timeout", defaultValue = "120s", converter = Durations.class,
            description = "how long to wait for the last EmailSent after publishing (${DEFAULT-VALUE})")
    Duration drainTimeout;
    @Option(names = "--users", defaultValue = "300", description = "activated users of the login scenario (${DEFAULT-VALUE})")
    int users;
    @Option(names = "--symantec-share", defaultValue = "0.5", description = "share of them with Symantec VIP, the rest PhoneFactor (${DEFAULT-VALUE})")
    double symantecShare;
    @Option(names = "--login-rate", defaultValue = "500", description = "challenges/s of the fixed-rate run, 0 to skip it (${DEFAULT-VALUE})")
    double loginRate;
    @Option(names = "--wrong-share", defaultValue = "0.1", description = "long-run share of wrong answers (${DEFAULT-VALUE})")
    double wrongShare;
    @Option(names = "--wrong-streak", defaultValue = "0.7", description = "chance a wrong answer follows a wrong one, so some users lock (${DEFAULT-VALUE})")
    double wrongStreak;
    @Option(names = "--login-concurrency", defaultValue = "64", description = "HTTP worker threads of the login scenario (${DEFAULT-VALUE})")
    int loginConcurrency;
    @Option(names = "--audit-events", defaultValue = "1000000", description = "size of the synthetic history audited (${DEFAULT-VALUE})")
    long auditEvents;
    @Option(names = "--audit-jar", description = "the audit tool's executable jar (default: tools/audit/target/audit-*-exec.jar)")
    @Nullable Path auditJar;
    @Option(names = "--audit-bootstrap-servers", description = "audit this broker's history as it is instead of a seeded throwaway broker")
    @Nullable String auditBootstrapServers;
    @Option(names = "--codec-records", defaultValue = "2000", description = "codec: records of each event "
            + "type per round (${DEFAULT-VALUE})")
    int codecRecords;
    @Option(names = "--codec-rounds", defaultValue = "5", description = "codec: rounds of warm-up, then as many "
            + "measured (${DEFAULT-VALUE})")
    int codecRounds;
    @Option(names = "--baseline-duration", defaultValue = "10s", converter = Durations.class,
            description = "length of each baseline measurement (${DEFAULT-VALUE})")
    Duration baselineDuration;

    @Option(names = "--warmup", defaultValue = "60s", converter = Durations.class,
            description = "orders, then logins, run this long at --warmup-rate before each scenario's first figure "
                    + "and its CPU window, all answers right: a service runs warm, its first minutes are the JIT's; "
                    + "0 to measure the cold stack (${DEFAULT-VALUE})")
    Duration warmup;
    @Option(names = "--warmup-rate", defaultValue = "100", description = "orders/s and challenges/s offered in the "
            + "warm-up (${DEFAULT-VALUE})")
    double warmupRate;
    @Option(names = "--warmup-bursts", defaultValue = "12", description = "after the paced warm-up, at most this many "
            + "unmeasured bursts at full speed (orders: --order-burst at once; logins: flat out for half --duration), "
            + "until one in which the stack JVM's JIT compilers took less than --settled-jit-share of its CPU; 0 for "
            + "none (${DEFAULT-VALUE})")
    int warmupBursts;
    @Option(names = "--settled-jit-share", defaultValue = "0.10", description = "the JIT compilers' share of the "
            + "stack JVM's CPU in a warm-up burst, and in the wait after it until they are quiet (at most 10 s), below "
            + "which the JVM counts as warm (${DEFAULT-VALUE})")
    double settledJitShare;

    @Option(names = "--latency-rate", defaultValue = "10", description = "orders/s and challenges/s of the "
            + "low-rate run first in each scenario, the latency one user feels; 0 to skip it (${DEFAULT-VALUE})")
    double latencyRate;
    @Option(names = "--ramp-steps", defaultValue = "7", description = "steps of the ramp that ends each scenario "
            + "(the rate doubles each step from --ramp-start, up to --ramp-max); 0 to skip it (${DEFAULT-VALUE})")
    int rampSteps;
    @Option(names = "--ramp-start", defaultValue = "25", description = "the ramp's first rate, per second (${DEFAULT-VALUE})")
    double rampStart;
    @Option(names = "--ramp-max", defaultValue = "1600", description = "the ramp's highest rate, per second (${DEFAULT-VALUE})")
    double rampMax;
    @Option(names = "--ramp-step", defaultValue = "10s", converter = Durations.class,
            description = "length of one ramp step (${DEFAULT-VALUE})")
    Duration rampStep;
    @Option(names = "--order-p99-target", defaultValue = "1000", description = "a ramp step of orders holds while "
            + "the p99 of OrderPlaced -> EmailSent stays under this many ms (${DEFAULT-VALUE})")
    double orderP99Target;
    @Option(names = "--login-p99-target", defaultValue = "50", description = "a ramp step of logins holds while "
            + "the p99 of answer -> ChallengeResult stays under this many ms (${DEFAULT-VALUE})")
    double loginP99Target;

    @Option(names = "--measure-startup", description = "also start a throwaway stack from --stack-jar and time ./extauth up")
    boolean measureStartup;
    @Option(names = "--stack-jar", description = "the local-stack jar (default: dev/local-stack/target/local-stack-*-exec.jar)")
    @Nullable Path stackJar;
    @Option(names = "--startup-log", description = "read the startup time from this output of ./extauth up (its 'ready in N s' line)")
    @Nullable Path startupLog;

    @Option(names = "--smoke", description = "each scenario for a few seconds with tiny numbers (CI: checks that it runs, not how fast)")
    boolean smoke;
    @Option(names = "--out", defaultValue = "bench-result.json", description = "JSON result (${DEFAULT-VALUE})")
    Path out;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new BenchCommand());
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("bench: " + e);
            return 2;
        });
        return commandLine;
    }

    @Override
    public Integer call() throws Exception {
        PrintStream progress = System.err;
        PrintStream tables = System.out;
        Instant startedAt = Instant.now();
        if (smoke) {
            applySmoke();
        }
        Set<String> chosen = new LinkedHashSet<>();
        for (String name : scenarios) {
            if (!SCENARIOS.contains(name.trim())) {
                throw new CommandLine.ParameterException(spec.commandLine(), "unknown scenario '" + name
                        + "'; choose from " + SCENARIOS);
            }
            chosen.add(name.trim());
        }
        // the codec scenario needs nothing running, the audit scenario seeds a throwaway broker of its own (or reads
        // --audit-bootstrap-servers): only the others need the stack
        boolean stackless = WITHOUT_STACK.containsAll(chosen);
        Optional<String> unreachable = stackless ? Optional.empty() : unreachable();
        if (unreachable.isPresent()) {
            progress.println("bench: " + unreachable.get() + " - is ./extauth up running (and are the URLs right)?");
            return 2;
        }
        BenchSettings settings = settings();
        RunIds ids = RunIds.random();
        progress.println("bench: run " + ids.run() + (smoke ? " (smoke)" : "")
                + (stackless ? " without a stack" : " against " + bootstrapServers));

        Startup startup = null;
        if (measureStartup) {
            Optional<Path> jar = Optional.ofNullable(stackJar).or(() -> glob(Path.of("dev/local-stack/target"),
                    "local-stack-.*-exec\\.jar"));
            if (jar.isPresent()) {
                progress.println("bench: timing ./extauth up on a throwaway stack...");
                // the heap ./extauth up gives the stack
                startup = StartupProbe.measure(jar.get(), "-Xmx512m -XX:+UseParallelGC", 300);
            } else {
                startup = new Startup(null, null, "no local-stack jar to start (--stack-jar)");
            }
        } else if (startupLog != null) {
            startup = startupFromLog(startupLog);
        }

        Optional<Long> pid = stackless ? Optional.empty() : stackPid();
        MemorySampler sampler = pid.map(p -> MemorySampler.start(p, postgresPort())).orElse(null);
        ThreadCpuSampler threads = pid.map(p -> ThreadCpuSampler.start(p, new ThreadGroups(
                URI.create(strip(simulatorUrl)).getPort()), threadFamilies())).orElse(null);
        CpuMeter cpu = new CpuMeter(pid.orElse(-1L), postgresPort(), threads);
        List<ScenarioResult> results = new ArrayList<>();
        try {
            for (String name : chosen) {
                // a scenario that sets up first (the logins scenario orders and activates its users; both warm up)
                // restarts the window when it is ready, so its CPU per unit holds neither set-up nor warm-up
                AtomicReference<CpuMeter.Snapshot> before = new AtomicReference<>(cpu.take());
                // and, when it measures the stack's threads, first takes a few seconds of the stack at rest
                AtomicReference<CpuMeter.@Nullable Usage> atRest = new AtomicReference<>();
                // a scenario without the stack (the audit: both cores) runs without the samplers of the stack's
                // memory and threads beside it, which cost it ~0.1 of a core (issue 14, fifty-fourth pass)
                Runnable setUp = () -> {
                    if (threads != null) {
                        atRest.set(atRest(cpu, progress));
                    }
                    before.set(cpu.take());
                };
                Compilers compilers = threads == null ? Compilers.UNKNOWN : compilers(cpu);
                ScenarioResult result = pausedWhile(standingAside(name, sampler, threads),
                        () -> run(name, settings, ids, progress, setUp, compilers));
                // the codec scenario measures its own thread; the stack's CPU says nothing about it
                results.add(name.equals(CodecScenario.NAME) ? result
                        : result.withCpu(CpuMeter.between(before.get(), cpu.take()), atRest.get()));
            }
        } finally {
            if (sampler != null) {
                sampler.close();
            }
            if (threads != null) {
                threads.close();
            }
        }
        List<ScenarioResult> compared = Shares.apply(results);
        MemoryPeak memory = sampler == null ? null : sampler.peak();
        BenchReport report = new BenchReport(startedAt, Instant.now(), smoke, BenchReport.Machine.current(),
                settingsMap(), compared, memory, startup);
        tables.println();
        for (ScenarioResult result : compared) {
            tables.println(Tables.scenario(result));
        }
        if (memory != null) {
            tables.println(Tables.memory(memory));
        } else {
            tables.println("Stack memory: not sampled (no pid: --stack-pid, or a running stack's <stack-home>/up.lock)\n");
        }
        if (startup != null) {
            tables.println(Tables.startup(startup));
        }
        JsonReport.write(report, out);
        tables.println("written to " + out.toAbsolutePath());
        return compared.stream().anyMatch(r -> r.status() == ScenarioResult.Status.FAILED) ? 1 : 0;
    }

    /**
     * The stack's CPU over {@link #AT_REST} with no work sent to it, just before a scenario's measured runs: what its
     * threads use whatever the rate (consumers' fetches and heartbeats, timers), told apart from what the work adds.
     * Null when interrupted.
     */
    private static CpuMeter.@Nullable Usage atRest(CpuMeter cpu, PrintStream progress) {
        progress.printf(Locale.ROOT, "the stack at rest for %d s, before the runs measured...%n", AT_REST.toSeconds());
        CpuMeter.Snapshot from = cpu.take();
        try {
            TimeUnit.MILLISECONDS.sleep(AT_REST.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        return CpuMeter.between(from, cpu.take());
    }

    /** The share of the stack JVM's CPU its JIT compilers take over a stretch, from the meter's snapshots. */
    private static Compilers compilers(CpuMeter cpu) {
        return new Compilers() {
            @Override
            public Stretch start() {
                CpuMeter.Snapshot from = cpu.take();
                return () -> {
                    CpuMeter.Usage used = CpuMeter.between(from, cpu.take());
                    return used.stackJvmCores() > 0 ? used.cores(ThreadGroups.Group.JIT) / used.stackJvmCores()
                            : Double.NaN;
                };
            }

            @Override
            public Duration awaitQuiet(Duration max, double quietCores) throws InterruptedException {
                long start = System.nanoTime();
                long end = start + max.toNanos();
                CpuMeter.Snapshot last = cpu.take();
                while (System.nanoTime() < end) {
                    TimeUnit.SECONDS.sleep(1);
                    CpuMeter.Snapshot now = cpu.take();
                    if (CpuMeter.between(last, now).cores(ThreadGroups.Group.JIT) < quietCores) {
                        break;
                    }
                    last = now;
                }
                return Duration.ofNanos(System.nanoTime() - start);
            }
        };
    }

    private ScenarioResult run(String name, BenchSettings settings, RunIds ids, PrintStream progress,
            Runnable setUp, Compilers compilers) {
        try {
            return switch (name) {
                case BaselineScenario.NAME -> new BaselineScenario(settings, ids, progress).run();
                case OrdersScenario.NAME -> new OrdersScenario(settings, ids, progress, compilers).run(setUp);
                case LoginsScenario.NAME -> new LoginsScenario(settings, ids, Tokens.fromKeysDir(keysDir), progress,
                        compilers).run(setUp);
                case AuditScenario.NAME -> new AuditScenario(settings, progress).run();
                case CodecScenario.NAME -> new CodecScenario(codecRecords, codecRounds, progress).run();
                default -> throw new IllegalArgumentException(name);
            };
        } catch (Exception e) {
            progress.println("bench: " + name + " failed: " + e);
            String title = switch (name) {
                case BaselineScenario.NAME -> BaselineScenario.TITLE;
                case OrdersScenario.NAME -> OrdersScenario.TITLE;
                case LoginsScenario.NAME -> LoginsScenario.TITLE;
                case CodecScenario.NAME -> CodecScenario.TITLE;
                default -> AuditScenario.TITLE;
            };
            return ScenarioResult.failed(name, title, e);
        }
    }

    /** Tiny numbers, unless the option was given explicitly. */
    private void applySmoke() {
        CommandLine.ParseResult given = spec.commandLine().getParseResult();
        if (!given.hasMatchedOption("--duration")) {
            duration = Duration.ofSeconds(2);
        }
        if (!given.hasMatchedOption("--order-rate")) {
            orderRate = 10;
        }
        if (!given.hasMatchedOption("--order-burst")) {
            orderBurst = 20;
        }
        if (!given.hasMatchedOption("--drain-timeout")) {
            drainTimeout = Duration.ofSeconds(60);
        }
        if (!given.hasMatchedOption("--users")) {
            users = 4;
        }
        if (!given.hasMatchedOption("--login-rate")) {
            loginRate = 5;
        }
        if (!given.hasMatchedOption("--audit-events")) {
            auditEvents = 20_000;
        }
        if (!given.hasMatchedOption("--latency-rate")) {
            latencyRate = 5;
        }
        if (!given.hasMatchedOption("--ramp-steps")) {
            rampSteps = 1;
        }
        if (!given.hasMatchedOption("--ramp-start")) {
            rampStart = 5;
        }
        if (!given.hasMatchedOption("--ramp-step")) {
            rampStep = Duration.ofSeconds(2);
        }
        if (!given.hasMatchedOption("--codec-records")) {
            codecRecords = 20;
        }
        if (!given.hasMatchedOption("--codec-rounds")) {
            codecRounds = 1;
        }
        if (!given.hasMatchedOption("--baseline-duration")) {
            baselineDuration = Duration.ofSeconds(2);
        }
        if (!given.hasMatchedOption("--warmup")) {
            warmup = Duration.ofSeconds(2);
        }
        if (!given.hasMatchedOption("--warmup-rate")) {
            warmupRate = 5;
        }
        if (!given.hasMatchedOption("--warmup-bursts")) {
            warmupBursts = 1;
        }
    }

    private BenchSettings settings() {
        return new BenchSettings(bootstrapServers, strip(orderUrl), strip(challengeUrl), strip(simulatorUrl), jdbcUrl,
                jdbcUser, jdbcPassword(), keysDir, duration, orderRate, orderBurst, maxBacklog, drainTimeout, users, symantecShare,
                loginRate, wrongShare, wrongStreak, loginConcurrency, auditEvents, auditJar, auditBootstrapServers,
                baselineDuration, latencyRate, rampStep, new Ramp(rampStart, rampMax, rampSteps, orderP99Target),
                new Ramp(rampStart, rampMax, rampSteps, loginP99Target), warmup, warmupRate, warmupBursts,
                settledJitShare);
    }

    /**
     * {@code --jdbc-password}, else the stack's own password in its keys (a stack's PostgreSQL lets in no one without
     * it), else none: the database then says who it refused.
     */
    private String jdbcPassword() {
        if (jdbcPassword != null) {
            return jdbcPassword;
        }
        Path file = keysDir.resolve("postgres-password");
        try {
            return Files.isRegularFile(file) ? Files.readString(file).strip() : "";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the stack's PostgreSQL password in " + file, e);
        }
    }

    private Map<String, Object> settingsMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("bootstrapServers", bootstrapServers);
        map.put("jdbcUrl", jdbcUrl);
        map.put("scenarios", scenarios);
        map.put("duration", duration.toString());
        map.put("orderRate", orderRate);
        map.put("orderBurst", orderBurst);
        map.put("maxBacklog", maxBacklog);
        map.put("users", users);
        map.put("symantecShare", symantecShare);
        map.put("loginRate", loginRate);
        map.put("wrongShare", wrongShare);
        map.put("wrongStreak", wrongStreak);
        map.put("auditEvents", auditEvents);
        map.put("baselineDuration", baselineDuration.toString());
        map.put("codecRecords", codecRecords);
        map.put("codecRounds", codecRounds);
        map.put("warmup", warmup.toString());
        map.put("warmupRate", warmupRate);
        map.put("warmupBursts", warmupBursts);
        map.put("settledJitShare", settledJitShare);
        map.put("latencyRate", latencyRate);
        map.put("rampSteps", rampSteps);
        map.put("rampStart", rampStart);
        map.put("rampMax", rampMax);
        map.put("rampStep", rampStep.toString());
        map.put("orderP99TargetMs", orderP99Target);
        map.put("loginP99TargetMs", loginP99Target);
        return map;
    }

    private Optional<String> unreachable() {
        Http http = new Http();
        Map<String, String> health = new LinkedHashMap<>();
        health.put("order-service", strip(orderUrl) + "/actuator/health/readiness");
        health.put("challenge-service", strip(challengeUrl) + "/actuator/health/readiness");
        health.put("vendor simulator", strip(simulatorUrl) + "/simulator/faults");
        for (Map.Entry<String, String> check : health.entrySet()) {
            try {
                Http.Answer answer = http.get(check.getValue(), null);
                if (!answer.ok()) {
                    return Optional.of(check.getKey() + " answered " + answer.status() + " at " + check.getValue());
                }
            } catch (RuntimeException e) {
                // the cause tells a refused connection (nothing listens) from a timeout (a stack too busy to answer)
                return Optional.of(check.getKey() + " unreachable at " + check.getValue() + " (" + cause(e) + ")");
            }
        }
        return Optional.empty();
    }

    private static String cause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    private Optional<Long> stackPid() {
        if (stackPid != null) {
            return Optional.of(stackPid);
        }
        try {
            long pid = Long.parseLong(Files.readString(stackHome.resolve("up.lock"), StandardCharsets.US_ASCII).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(ProcessHandle::pid);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The stack's samplers that stand aside while {@code scenario} runs: all of them for one without the stack. */
    static List<Pausable> standingAside(String scenario, @Nullable Pausable... samplers) {
        return WITHOUT_STACK.contains(scenario)
                ? Stream.of(samplers).filter(Objects::nonNull).map(Pausable.class::cast).toList()
                : List.of();
    }

    /** What {@code work} gives, with the {@code samplers} paused while it runs (and resumed however it ends). */
    static <T> T pausedWhile(List<Pausable> samplers, Supplier<T> work) {
        samplers.forEach(Pausable::pause);
        try {
            return work.get();
        } finally {
            samplers.forEach(Pausable::resume);
        }
    }

    /** Thread families, with the Tomcat ports the bench knows named by their service (both, if one port serves both). */
    private ThreadFamilies threadFamilies() {
        Map<Integer, String> services = new LinkedHashMap<>();
        services.merge(httpPort(orderUrl), "order-service", (a, b) -> a + "+" + b);
        services.merge(httpPort(challengeUrl), "challenge-service", (a, b) -> a + "+" + b);
        return new ThreadFamilies(services);
    }

    private static int httpPort(String url) {
        URI uri = URI.create(strip(url));
        return uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
    }

    private int postgresPort() {
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        return uri.getPort() > 0 ? uri.getPort() : 5432;
    }

    static @Nullable Startup startupFromLog(Path log) throws IOException {
        try (Stream<String> lines = Files.lines(log)) {
            return lines.map(StartupProbe::readySeconds).filter(java.util.Objects::nonNull).reduce((a, b) -> b)
                    .map(seconds -> new Startup(seconds, null, "read from the 'ready in' line of " + log))
                    .orElse(new Startup(null, null, "no 'ready in' line in " + log));
        }
    }

    private static Optional<Path> glob(Path dir, String regex) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().matches(regex)).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String strip(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
