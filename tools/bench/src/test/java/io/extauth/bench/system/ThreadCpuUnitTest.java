package io.extauth.bench.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.extauth.bench.system.ThreadGroups.Group;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThreadCpuUnitTest {

    private final ThreadGroups groups = new ThreadGroups(8089);
    private final ThreadFamilies families = new ThreadFamilies(Map.of(8083, "challenge-service"));

    @Test
    void theLocalStacksThreadsAreToldApartByName() {
        assertThat(groups.of("http-nio-127.0.0.1-8083-exec-7")).isEqualTo(Group.EXTAUTH);
        assertThat(groups.of("http-nio-127.0.0.1-8089-exec-7")).isEqualTo(Group.SIMULATOR);
        assertThat(groups.of("simulator-state-writer")).isEqualTo(Group.SIMULATOR);
        assertThat(groups.of("simulator-callback-retry")).isEqualTo(Group.SIMULATOR);
        assertThat(groups.of("simulator-callback-deadline")).isEqualTo(Group.SIMULATOR);
        assertThat(groups.of("challenge-service-listener-auth.ordered-2")).isEqualTo(Group.EXTAUTH);
        assertThat(groups.of("org.springframework.kafka.KafkaListenerEndpointContainer#0-1-C-1")).isEqualTo(Group.EXTAUTH);
        assertThat(groups.of("kafka-producer-network-thread | producer-3")).isEqualTo(Group.EXTAUTH);
        assertThat(groups.of("kafka-coordinator-heartbeat-thread | order-service")).isEqualTo(Group.EXTAUTH);
        assertThat(groups.of("outbox-relay")).isEqualTo(Group.EXTAUTH);
        assertThat(groups.of("data-plane-kafka-request-handler-3")).isEqualTo(Group.BROKER);
        assertThat(groups.of("kafka-1-raft-io-thread")).isEqualTo(Group.BROKER);
        assertThat(groups.of("group-coordinator-event-processor-0")).isEqualTo(Group.BROKER);
        assertThat(groups.of("executor-Fetch")).isEqualTo(Group.BROKER);
        assertThat(groups.of("smtp:127.0.0.1:8025")).isEqualTo(Group.SMTP);
        assertThat(groups.of("mail-api")).isEqualTo(Group.SMTP);
        assertThat(groups.of("HTTP-Dispatcher")).isEqualTo(Group.SMTP);
        assertThat(groups.of("idle-timeout-task")).isEqualTo(Group.SMTP);
        assertThat(groups.of("GC Thread#1")).isEqualTo(Group.GC);
        assertThat(groups.of("G1 Conc#0")).isEqualTo(Group.GC);
        assertThat(groups.of("C2 CompilerThre")).isEqualTo(Group.JIT);
        assertThat(groups.of("C1 CompilerThre")).isEqualTo(Group.JIT);
        assertThat(groups.of("Sweeper thread")).isEqualTo(Group.JIT);
        assertThat(groups.of("VM Thread")).isEqualTo(Group.JVM);
        assertThat(groups.of("Native Heap Trimmer")).isEqualTo(Group.JVM);
        // a JDK HttpClient's threads say nobody's name: extauth's (the portal console's, since the simulator's
        // callbacks left the JDK client)
        assertThat(groups.of("HttpClient-5-SelectorManager")).isEqualTo(Group.EXTAUTH);
        assertThat(groups.of("a thread nobody names")).isEqualTo(Group.EXTAUTH);
    }

    @Test
    void eachThreadsTimeSinceTheFirstSampleGoesToItsGroupAndEndedThreadsTimeIsTheRest() {
        ThreadCpu cpu = new ThreadCpu(groups, families);
        cpu.add(List.of(thread(1, "outbox-relay", 5.0), thread(2, "data-plane-kafka-request-handler-0", 7.0)), 20.0);

        // thread 3 started since, thread 2 ended; the process used 10 s in all
        cpu.add(List.of(thread(1, "outbox-relay", 6.5), thread(3, "smtp:127.0.0.1:8025<-/127.0.0.1:4711", 2.0)), 30.0);

        Map<Group, Double> totals = cpu.totals();
        assertThat(totals.get(Group.EXTAUTH)).isCloseTo(1.5, within(1e-9));
        assertThat(totals.get(Group.SMTP)).isCloseTo(2.0, within(1e-9));
        assertThat(totals.get(Group.BROKER)).isZero();
        assertThat(totals.get(Group.EXITED)).isCloseTo(6.5, within(1e-9));
    }

    @Test
    void extauthsOwnTimeIsSplitByThreadFamilyAndAddsUpToItsGroup() {
        ThreadCpu cpu = new ThreadCpu(groups, families);
        cpu.add(List.of(thread(1, "mail-worker-1", 1.0), thread(2, "mail-worker-2", 1.0),
                thread(3, "http-nio-127.0.0.1-8083-exec-1", 1.0), thread(4, "http-nio-127.0.0.1-8089-exec-1", 1.0),
                thread(5, "org.springframework.kafka.KafkaListenerEndpointContainer#0-1-C-1", 1.0)), 5.0);

        // a third mail worker started since, the listener thread ended; the simulator's worker is not extauth's
        cpu.add(List.of(thread(1, "mail-worker-1", 1.5), thread(2, "mail-worker-2", 1.25),
                thread(6, "mail-worker-3", 0.25), thread(3, "http-nio-127.0.0.1-8083-exec-1", 2.0),
                thread(4, "http-nio-127.0.0.1-8089-exec-1", 3.0)), 10.0);

        ThreadCpu.Totals totals = cpu.totalsByFamily();
        assertThat(totals.extauthFamilies()).containsOnlyKeys("mail-worker-#", "challenge-service http exec");
        assertThat(totals.extauthFamilies().get("mail-worker-#")).isCloseTo(1.0, within(1e-9));
        assertThat(totals.extauthFamilies().get("challenge-service http exec")).isCloseTo(1.0, within(1e-9));
        assertThat(totals.groups().get(Group.EXTAUTH)).isCloseTo(2.0, within(1e-9));
        assertThat(totals.groups().get(Group.SIMULATOR)).isCloseTo(2.0, within(1e-9));
        // the families change nothing of the rest: 5 s of the process in 4 s of live threads
        assertThat(totals.groups().get(Group.EXITED)).isCloseTo(1.0, within(1e-9));
        assertThat(totals.groups()).isEqualTo(cpu.totals());
    }

    @Test
    void perUnitCpuListsExtauthsFamiliesLargestFirstAndSumsTheRestAsOthers() {
        Map<String, Double> familiesFrom = Map.of("mail-worker-#", 0.5, "outbox-relay", 0.2);
        Map<String, Double> familiesTo = new java.util.HashMap<>(Map.of("mail-worker-#", 2.5, "outbox-relay", 0.7,
                "challenge-service http exec", 1.0, "HikariPool-#:housekeeper", 0.000_05));
        for (int n = 1; n <= 7; n++) {
            familiesTo.put("family-" + n + "-#", 0.02 * n);
        }
        double extauth = familiesTo.values().stream().mapToDouble(Double::doubleValue).sum()
                - familiesFrom.values().stream().mapToDouble(Double::doubleValue).sum();
        CpuMeter.Snapshot from = new CpuMeter.Snapshot(0, 10, 1, 20, 1.0, Map.of(Group.EXTAUTH, 0.7), familiesFrom);
        CpuMeter.Snapshot to = new CpuMeter.Snapshot(10_000_000_000L, 20, 2, 40, 1.0, Map.of(Group.EXTAUTH,
                0.7 + extauth), familiesTo);

        io.extauth.bench.report.CpuPerUnit perUnit = io.extauth.bench.report.CpuPerUnit.of(CpuMeter.between(from, to), 1000);

        // per unit: 2.0, 1.0, 0.5, then 0.14 .. 0.02 for the seven small ones; the housekeeper's 0.00005 ms is left out
        assertThat(perUnit.extauthByFamilyMs().keySet()).containsExactly("mail-worker-#",
                "challenge-service http exec", "outbox-relay", "family-7-#", "family-6-#", "family-5-#", "family-4-#",
                "family-3-#", "family-2-#", "family-1-#");
        assertThat(perUnit.extauthByFamilyMs().get("mail-worker-#")).isCloseTo(2.0, within(1e-9));
        assertThat(perUnit.extauthByFamilyMs().get("outbox-relay")).isCloseTo(0.5, within(1e-9));
        assertThat(perUnit.extauthMs()).isCloseTo(4.06005, within(1e-9));
        assertThat(perUnit.describeFamilies("workflow")).isEqualTo("extauth's own by thread family (ms per "
                + "workflow): mail-worker-# 2.00, challenge-service http exec 1.00, outbox-relay 0.50, family-7-# 0.14, "
                + "family-6-# 0.12, family-5-# 0.10, family-4-# 0.08, family-3-# 0.06, others 0.06");
    }

    @Test
    void theRestSwingingBelowZeroBetweenTwoSamplesIsNoTimeOfEndedThreads() {
        ThreadCpu cpu = new ThreadCpu(groups, families);
        cpu.add(List.of(thread(1, "outbox-relay", 5.0)), 5.0);

        // no thread ended: the process was read a moment after the thread, so it shows 0.3 s more, then 0.3 s less
        cpu.add(List.of(thread(1, "outbox-relay", 6.0)), 6.3);
        cpu.add(List.of(thread(1, "outbox-relay", 7.0)), 7.0);

        assertThat(cpu.totals().get(Group.EXTAUTH)).isCloseTo(2.0, within(1e-9));
        assertThat(cpu.totals().get(Group.EXITED)).isCloseTo(0.0, within(1e-9));
    }

    @Test
    void aProcessTotalReadAMomentAfterItsThreadsCountsNoThreadAsEnded() {
        ThreadCpu cpu = new ThreadCpu(groups, families);
        cpu.add(List.of(thread(1, "outbox-relay", 1.0), thread(2, "mail-worker-1", 1.0)), 2.0);

        // the same two threads throughout, 0.5 s each per sample; the process's total is read after them, so it runs
        // ahead by what they used in between, by a different amount each time, and never behind at the end
        double[] lagBehindTheProcess = {0.3, 0.0, 0.2, 0.05, 0.0};
        for (int n = 1; n <= lagBehindTheProcess.length; n++) {
            double each = 1.0 + 0.5 * n;
            cpu.add(List.of(thread(1, "outbox-relay", each), thread(2, "mail-worker-1", each)),
                    2 * each + lagBehindTheProcess[n - 1]);
        }

        Map<Group, Double> totals = cpu.totals();
        assertThat(totals.get(Group.EXTAUTH)).isCloseTo(5.0, within(1e-9));
        assertThat(totals.get(Group.EXITED)).isCloseTo(0.0, within(1e-9));
    }

    @Test
    void extauthsOwnPerUnitIsSplitIntoWhatItsThreadsUseAtRestAndWhatTheWorkAdds() {
        // at rest: 0.2 s of extauth's own over 5 s, 0.04 cores
        CpuMeter.Usage atRest = CpuMeter.between(
                new CpuMeter.Snapshot(0, 10, 1, 20, 1.0, Map.of(Group.EXTAUTH, 1.0, Group.JIT, 0.0)),
                new CpuMeter.Snapshot(5_000_000_000L, 10.5, 1, 21, 1.0, Map.of(Group.EXTAUTH, 1.2, Group.JIT, 0.3)));
        // the window: 4 s of extauth's own over 50 s for 1,000 units, 4 ms each, 0.04 cores x 50 s = 2 ms of it at rest
        CpuMeter.Usage window = CpuMeter.between(
                new CpuMeter.Snapshot(0, 20, 2, 30, 1.0, Map.of(Group.EXTAUTH, 2.0)),
                new CpuMeter.Snapshot(50_000_000_000L, 30, 3, 60, 1.0, Map.of(Group.EXTAUTH, 6.0)));

        io.extauth.bench.report.CpuPerUnit perUnit = io.extauth.bench.report.CpuPerUnit.of(window, 1000, atRest);

        assertThat(perUnit.extauthMs()).isCloseTo(4.0, within(1e-9));
        assertThat(perUnit.extauthAtRestMs()).isCloseTo(2.0, within(1e-9));
        assertThat(perUnit.describeAtRest("workflow", atRest)).hasValue("of extauth's own 4.00 ms per workflow, "
                + "2.00 ms is what its threads use at rest (40.0 ms/s over the 5 s before the runs, with no work: "
                + "consumers' fetches and heartbeats, the workers' and relays' timers; per workflow it shrinks as the "
                + "rate grows), 2.00 ms what the work adds");
        // not measured at rest (no thread sampling, or an older caller): no split, no note
        io.extauth.bench.report.CpuPerUnit unsplit = io.extauth.bench.report.CpuPerUnit.of(window, 1000);
        assertThat(unsplit.extauthAtRestMs()).isNull();
        assertThat(unsplit.describeAtRest("workflow", atRest)).isEmpty();
    }

    @Test
    void perUnitCpuSplitsTheStackJvmIntoOursAndTheOutsideWorlds() {
        CpuMeter.Snapshot from = new CpuMeter.Snapshot(0, 10, 1, 20, 1.0,
                Map.of(Group.EXTAUTH, 1.0, Group.BROKER, 1.0, Group.SMTP, 0.0, Group.GC, 0.0, Group.JIT, 1.0,
                        Group.JVM, 0.0));
        CpuMeter.Snapshot to = new CpuMeter.Snapshot(10_000_000_000L, 20, 2, 40, 1.0,
                Map.of(Group.EXTAUTH, 5.0, Group.BROKER, 3.0, Group.SMTP, 2.0, Group.GC, 0.5, Group.JIT, 2.0,
                        Group.JVM, 0.5));

        io.extauth.bench.report.CpuPerUnit perUnit = io.extauth.bench.report.CpuPerUnit.of(CpuMeter.between(from, to), 1000);

        assertThat(perUnit.extauthMs()).isCloseTo(4.0, within(1e-9));
        assertThat(perUnit.outsideWorldMs()).isCloseTo(4.0, within(1e-9));
        // the JVM's machinery in all, and its collector and compilers apart
        assertThat(perUnit.jvmMs()).isCloseTo(2.0, within(1e-9));
        assertThat(perUnit.gcMs()).isCloseTo(0.5, within(1e-9));
        assertThat(perUnit.jitMs()).isCloseTo(1.0, within(1e-9));
        assertThat(perUnit.describe("workflow")).contains("JVM GC/JIT 2.00 ms (collector 0.50, JIT compilers 1.00, "
                + "runtime 0.50)");
        assertThat(perUnit.postgresMs()).isCloseTo(1.0, within(1e-9));
        assertThat(perUnit.wholeJvmMs()).isCloseTo(10.0, within(1e-9));
    }

    private static ThreadCpu.Sampled thread(long tid, String name, double seconds) {
        return new ThreadCpu.Sampled(tid, name, seconds);
    }
}
