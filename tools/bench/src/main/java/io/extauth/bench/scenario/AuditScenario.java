package io.extauth.bench.scenario;

import io.extauth.audit.synthetic.SyntheticSeeder;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import io.extauth.bench.kafka.KafkaClients;
import io.extauth.bench.report.Row;
import io.extauth.bench.report.ScenarioResult;
import io.extauth.bench.stats.Rate;
import io.extauth.bench.system.ThrowawayBroker;
import io.extauth.contract.Topics;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;


/**
 * Audit: the operators' audit tool ({@code tools/audit}, its executable jar run as a child process) on a history of
 * {@code --audit-events} synthetic, contract-shaped events. The history goes to a throwaway broker in this JVM, written
 * by the audit module's {@code SyntheticSeeder}: on the stack's broker the services would consume it. The same history is
 * also read raw (a plain consumer, no parsing) as the baseline of what reading alone costs on this machine.
 */
public final class AuditScenario {

    public static final String NAME = "audit";
    public static final String TITLE = "Audit: tools/audit reads and checks a history";
    /** Where Linux says whether a process gets transparent huge pages: {@code always [madvise] never}. */
    static final Path TRANSPARENT_HUGE_PAGES = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
    /** Linux's virtio balloon devices ({@code virtio0}, ...), each with its {@code features}: 0s and 1s, bit 0 first. */
    static final Path VIRTIO_BALLOONS = Path.of("/sys/bus/virtio/drivers/virtio_balloon");
    /** {@code VIRTIO_BALLOON_F_REPORTING}: the balloon reports free memory to the host, which takes it back. */
    private static final int FREE_PAGE_REPORTING_BIT = 5;
    /**
     * How {@code ./extauth audit} starts the tool: a batch job that keeps every event until the end, so the
     * throughput collector (no concurrent marking of a heap that is all live) and C1 only (C2 spent more CPU compiling
     * than it saved in a few seconds' run), and the whole heap from the start (grown from the default, the old
     * generation filled with promoted batches and one full collection a run freed two thirds of it), and what
     * survives one young collection promoted at the next (the events it keeps to the end were copied from survivor
     * space to survivor space up to seven times, until the collector's ergonomics came down to one by themselves ten
     * collections later: half the collector's work) - see docs/PERFORMANCE.md
     * (issue 14, fourth, eighth and twenty-second passes); and the heap on transparent huge pages where the kernel
     * gives them to a process that asks and the machine keeps the memory it frees ({@link #javaOptions(Path, Path)}:
     * ~12% less CPU per million events, thirtieth pass; on a machine that hands free memory back to its host, a first
     * audit took ~16% longer with them, fifty-second pass).
     */
    static final List<String> JAVA_OPTIONS = javaOptions(TRANSPARENT_HUGE_PAGES, VIRTIO_BALLOONS);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BenchSettings settings;
    private final PrintStream progress;

    public AuditScenario(BenchSettings settings, PrintStream progress) {
        this.settings = settings;
        this.progress = progress;
    }

    /**
     * The options {@code ./extauth audit} starts the tool with (its {@code huge_pages}): with
     * {@code -XX:+UseTransparentHugePages} when {@code setting} selects {@code always} or {@code madvise}, so the heap
     * is mapped on 2 MiB pages (fewer TLB misses and page faults); without it when the kernel has them off or the file
     * cannot be read (not Linux), where the JVM would only print a warning for the flag, and on a virtual machine
     * whose balloon (a device under {@code balloons}) reports free memory to its host: its kernel hands free 2 MiB
     * blocks back to the host, so every huge page a new heap touches is one the host must back again (a first audit
     * there spent 0.6 → 1.5 s of system CPU with the flag).
     */
    static List<String> javaOptions(Path setting, Path balloons) {
        List<String> options = new ArrayList<>(List.of("-Xms1g", "-Xmx1g", "-XX:+UseParallelGC",
                "-XX:TieredStopAtLevel=1", "-XX:MaxTenuringThreshold=1"));
        if (hugePagesOffered(setting) && !reportsFreeMemory(balloons)) {
            options.add("-XX:+UseTransparentHugePages");
        }
        return List.copyOf(options);
    }

    private static boolean hugePagesOffered(Path setting) {
        try {
            String selected = Files.readString(setting);
            return selected.contains("[always]") || selected.contains("[madvise]");
        } catch (IOException | RuntimeException unreadable) {
            return false;
        }
    }

    /** Whether a balloon under {@code balloons} has the free page reporting feature; false where there is none. */
    static boolean reportsFreeMemory(Path balloons) {
        try (Stream<Path> devices = Files.list(balloons)) {
            return devices.filter(device -> device.getFileName().toString().startsWith("virtio"))
                    .anyMatch(device -> featureSet(device.resolve("features"), FREE_PAGE_REPORTING_BIT));
        } catch (IOException | RuntimeException none) {
            return false;
        }
    }

    private static boolean featureSet(Path features, int bit) {
        try {
            String bits = Files.readString(features);
            return bits.length() > bit && bits.charAt(bit) == '1';
        } catch (IOException | RuntimeException unreadable) {
            return false;
        }
    }

    public ScenarioResult run() throws IOException, InterruptedException {
        Optional<Path> jar = auditJar();
        if (jar.isEmpty()) {
            return ScenarioResult.skipped(NAME, TITLE, "no audit jar (tools/audit/target/audit-*-exec.jar, or "
                    + "--audit-jar); build it with ./mvnw -pl tools/audit -am package -DskipTests");
        }
        if (settings.auditBootstrapServers() != null) {
            return measure(jar.get(), settings.auditBootstrapServers(), "the history on "
                    + settings.auditBootstrapServers() + " as it is");
        }
        progress.println("audit: starting a throwaway broker for the synthetic history...");
        try (ThrowawayBroker broker = ThrowawayBroker.start()) {
            progress.printf(Locale.ROOT, "audit: seeding %,d synthetic events with the audit module's seeder...%n",
                    settings.auditEvents());
            long seeding = System.nanoTime();
            // in this JVM, from the audit module as a library: the operators' audit command itself never writes
            new SyntheticSeeder(broker.bootstrapServers()).seed(settings.auditEvents(),
                    new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
            ScenarioResult result = measure(jar.get(), broker.bootstrapServers(), String.format(Locale.ROOT,
                    "%,d synthetic events written by the audit module's SyntheticSeeder in %.1f s to a throwaway broker",
                    settings.auditEvents(), (System.nanoTime() - seeding) / 1e9));
            return result;
        }
    }

    private ScenarioResult measure(Path jar, String bootstrapServers, String history)
            throws IOException, InterruptedException {
        progress.println("audit: reading the history raw...");
        long rawCpuBefore = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        long[] raw = rawConsume(bootstrapServers);
        double rawCpu = (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - rawCpuBefore) / 1e9;
        double rawRate = Rate.perSecond(raw[0], raw[1]);
        List<String> arguments = List.of("--bootstrap-servers", bootstrapServers, "--format", "json", "--no-progress");
        progress.println("audit: preparing the audit tool as ./extauth audit runs it...");
        AuditLaunch.Command launch = new AuditLaunch(AuditScenario::java).prepare(jar, JAVA_OPTIONS, arguments);
        progress.println("audit: running the audit tool (" + launch.how() + ")...");
        long started = System.nanoTime();
        ChildrenUsage childrenBefore = ChildrenUsage.now();
        Child audit = Child.run(launch.beforeArguments(), arguments, Duration.ofMinutes(15));
        long wallNanos = System.nanoTime() - started;
        ChildrenUsage usage = ChildrenUsage.now().minus(childrenBefore);
        double auditCpu = usage.cpuSeconds();
        if (audit.exit() != 0 && audit.exit() != 1) {
            return ScenarioResult.failed(NAME, TITLE, new IllegalStateException(
                    "the audit tool exited " + audit.exit() + ": " + audit.errTail()));
        }
        JsonNode summary = JSON.readTree(audit.out()).path("summary");
        long events = summary.path("events").asLong();
        long records = summary.path("records").asLong();
        long readMillis = summary.path("readMillis").asLong();
        double wallRate = Rate.perSecond(events, wallNanos);
        double readRate = Rate.perSecond(records, TimeUnit.MILLISECONDS.toNanos(readMillis));
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("audit: read + check + report (whole process)", records, events, 0, wallRate, "events/s",
                null, share(wallRate, rawRate)));
        rows.add(new Row("  reading phase (the tool's own figure)", records, records, 0, readRate, "records/s", null,
                share(readRate, rawRate)));
        rows.add(Row.rate("raw consume of the same history", raw[0], rawRate, "records/s"));
        List<String> notes = new ArrayList<>();
        notes.add(history);
        notes.add("the audit tool ran " + launch.how() + ", with " + String.join(" ", JAVA_OPTIONS)
                + (hugePagesOffered(TRANSPARENT_HUGE_PAGES) && reportsFreeMemory(VIRTIO_BALLOONS)
                        ? " (no huge pages: this machine's balloon reports free memory to its host)" : ""));
        notes.add(String.format(Locale.ROOT, "the audit process ran %.1f s (JVM start included), exit %d, "
                + "%d violations", wallNanos / 1e9, audit.exit(), summary.path("violations").asLong()));
        if (auditCpu > 0 && events > 0) {
            notes.add(String.format(Locale.ROOT, "CPU: the audit process %.1f s (%.1f s per million events), the raw "
                    + "consume %.1f s on its thread (%.1f s per million records): %.1f times as much", auditCpu,
                    auditCpu * 1e6 / events, rawCpu, rawCpu * 1e6 / Math.max(1, raw[0]),
                    rawCpu > 0 ? auditCpu / rawCpu * raw[0] / events : 0));
            notes.add(String.format(Locale.ROOT, "the audit process's CPU: user %.2f s, system %.2f s; %,d page "
                    + "faults (%,d major), mostly pages its heap touched first", usage.userSeconds(),
                    usage.systemSeconds(), usage.minorFaults() + usage.majorFaults(), usage.majorFaults()));
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("auditSummary", JSON.convertValue(summary, Map.class));
        details.put("rawConsume", Map.of("records", raw[0], "nanos", raw[1], "cpuSeconds", rawCpu));
        details.put("auditCpuSeconds", auditCpu);
        details.put("auditUserCpuSeconds", usage.userSeconds());
        details.put("auditSystemCpuSeconds", usage.systemSeconds());
        details.put("auditPageFaults", Map.of("minor", usage.minorFaults(), "major", usage.majorFaults()));
        details.put("auditJavaOptions", JAVA_OPTIONS);
        details.put("auditLaunch", launch.how());
        return new ScenarioResult(NAME, TITLE, ScenarioResult.Status.RAN, rows, notes, details);
    }

    /**
     * What this JVM's children that have ended and been waited for used, from /proc/self/stat: user and system CPU
     * seconds ({@code cutime}, {@code cstime}) and page faults ({@code cminflt}, {@code cmajflt}). Around one child,
     * that child's. A minor fault is mostly a page the child touched for the first time (its heap as it grows; also a
     * cached file's page mapped, the JDK's own); on a machine that hands free memory back to its host, such a first
     * touch costs several times as much after the machine has been busy. All 0 where there is no /proc.
     */
    record ChildrenUsage(double userSeconds, double systemSeconds, long minorFaults, long majorFaults) {

        static final ChildrenUsage NONE = new ChildrenUsage(0, 0, 0, 0);

        static ChildrenUsage now() {
            try {
                return parse(Files.readString(Path.of("/proc/self/stat")));
            } catch (IOException | RuntimeException e) {
                return NONE;
            }
        }

        /** From a /proc/<pid>/stat line: after the command, state is field 3, so field n is at n - 3. */
        static ChildrenUsage parse(String stat) {
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new ChildrenUsage(Long.parseLong(fields[13]) / 100.0, Long.parseLong(fields[14]) / 100.0,
                    Long.parseLong(fields[8]), Long.parseLong(fields[10]));
        }

        double cpuSeconds() {
            return userSeconds + systemSeconds;
        }

        ChildrenUsage minus(ChildrenUsage before) {
            return new ChildrenUsage(userSeconds - before.userSeconds, systemSeconds - before.systemSeconds,
                    minorFaults - before.minorFaults, majorFaults - before.majorFaults);
        }
    }

    private static Map<String, Double> share(double value, double raw) {
        Double share = Rate.share(value, raw);
        return share == null ? Map.of() : Map.of("raw consume", share);
    }

    /** Reads every contract topic and its dead-letter topic from the beginning to the end: {records, nanos}. */
    static long[] rawConsume(String bootstrapServers) {
        try (KafkaConsumer<String, byte[]> consumer = KafkaClients.bulkConsumer(bootstrapServers)) {
            List<TopicPartition> partitions = new ArrayList<>();
            List<String> topics = new ArrayList<>(Topics.ALL);
            Topics.ALL.forEach(topic -> topics.add(Topics.deadLetterOf(topic)));
            Map<String, List<PartitionInfo>> existing = consumer.listTopics(Duration.ofSeconds(15));
            for (String topic : topics) {
                existing.getOrDefault(topic, List.of())
                        .forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            }
            return drain(consumer, partitions);
        }
    }

    /** Consumes the partitions from the beginning to their end offsets as of now: {records, nanos}. */
    static long[] drain(KafkaConsumer<String, byte[]> consumer, List<TopicPartition> partitions) {
        long started = System.nanoTime();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = new LinkedHashMap<>(consumer.endOffsets(partitions));
        long records = 0;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (System.nanoTime() < deadline && end.entrySet().stream()
                .anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
            records += consumer.poll(Duration.ofMillis(200)).count();
        }
        return new long[] {records, System.nanoTime() - started};
    }

    private static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** A child JVM run to its end for {@link AuditLaunch} (extracting, writing the archive): its exit code. */
    private static int java(List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(javaCommand());
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(15, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }

    private Optional<Path> auditJar() throws IOException {
        if (settings.auditJar() != null) {
            return Files.isRegularFile(settings.auditJar()) ? Optional.of(settings.auditJar()) : Optional.empty();
        }
        Path target = Path.of("tools", "audit", "target");
        if (!Files.isDirectory(target)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(f -> f.getFileName().toString().matches("audit-.*-exec\\.jar")).findFirst();
        }
    }

    /** A child JVM's exit code and output. */
    record Child(int exit, String out, String err) {

        static Child run(List<String> beforeArguments, List<String> args, Duration timeout)
                throws IOException, InterruptedException {
            List<String> command = new ArrayList<>();
            command.add(javaCommand());
            command.addAll(beforeArguments);
            command.addAll(args);
            Path out = Files.createTempFile("bench-child-", ".out");
            Path err = Files.createTempFile("bench-child-", ".err");
            try {
                Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                        .start();
                if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    return new Child(-1, Files.readString(out), "timed out after " + timeout.toSeconds() + " s");
                }
                return new Child(process.exitValue(), Files.readString(out), Files.readString(err));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        }

        String errTail() {
            String text = err.strip();
            return text.length() > 500 ? "..." + text.substring(text.length() - 500) : text;
        }
    }
}
