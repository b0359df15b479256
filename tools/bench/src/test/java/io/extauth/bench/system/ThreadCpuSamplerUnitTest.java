package io.extauth.bench.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The sampler on this very JVM, with a stand-in for jcmd that names its threads as jcmd does: every one but the
 * launcher's primordial thread, whose tid is the pid.
 */
@EnabledOnOs(OS.LINUX)
class ThreadCpuSamplerUnitTest {

    private final long pid = ProcessHandle.current().pid();
    private final ThreadGroups groups = new ThreadGroups(8089);
    private final ThreadFamilies families = new ThreadFamilies(Map.of(8083, "challenge-service"));
    /** The tids alive at each time the names were asked. */
    private final List<Set<Long>> asks = new CopyOnWriteArrayList<>();

    private Map<Long, String> asJcmdNamesThem(long process) {
        Set<Long> tids = tids(process);
        asks.add(tids);
        Map<Long, String> names = new HashMap<>();
        tids.stream().filter(tid -> tid != process).forEach(tid -> names.put(tid, "thread-" + tid));
        return names;
    }

    @Test
    void aThreadJcmdDoesNotNameIsNotAskedAboutAgainAndAgain() {
        try (ThreadCpuSampler sampler = ThreadCpuSampler.start(pid, groups, families, this::asJcmdNamesThem, 0)) {
            for (int i = 0; i < 20; i++) {
                sampler.totals();
            }
        }

        assertThat(asks).isNotEmpty();
        assertThat(asks.get(0)).contains(pid);
        // the primordial thread stays nameless; only threads that appeared since (the JVM's own start and stop
        // compiler threads as it likes) are a reason to ask again
        for (int i = 1; i < asks.size(); i++) {
            Set<Long> seenBefore = asks.subList(0, i).stream().flatMap(Set::stream).collect(Collectors.toSet());
            assertThat(asks.get(i)).as("ask %d", i)
                    .matches(tids -> !seenBefore.containsAll(tids), "holds a thread not asked about before");
        }
    }

    @Test
    void anAskThatNamedNothingIsTriedAgain() {
        List<Set<Long>> failed = new CopyOnWriteArrayList<>();
        // jcmd missing, or its attach timed out: no names at all, the first two times
        LongFunction<Map<Long, String>> flaky = process -> {
            if (failed.size() < 2) {
                failed.add(tids(process));
                return Map.of();
            }
            return asJcmdNamesThem(process);
        };
        try (ThreadCpuSampler sampler = ThreadCpuSampler.start(pid, groups, families, flaky, 0)) {
            sampler.totals();
            sampler.totals();
        }

        assertThat(failed).as("asked again after each ask that named nothing").hasSize(2);
        assertThat(asks).as("then named").isNotEmpty();
    }

    @Test
    void aThreadThatStartsLaterIsAskedAbout() throws Exception {
        CountDownLatch end = new CountDownLatch(1);
        try (ThreadCpuSampler sampler = ThreadCpuSampler.start(pid, groups, families, this::asJcmdNamesThem, 0)) {
            int before = asks.size();
            Thread later = new Thread(() -> await(end), "started-later");
            later.start();
            try {
                sampler.totals();
                sampler.totals();
                sampler.totals();
            } finally {
                end.countDown();
                later.join();
            }
            assertThat(asks.size()).isGreaterThan(before);
        }
    }

    @Test
    void whilePausedTheTimerTakesNoSamplesAndAfterResumingItDoes() throws Exception {
        CountDownLatch end = new CountDownLatch(1);
        try (ThreadCpuSampler sampler = ThreadCpuSampler.start(pid, groups, families, this::asJcmdNamesThem, 0)) {
            sampler.pause();
            int before = asks.size();
            // a new thread would make the next sample ask for names: none is taken while paused
            Thread during = new Thread(() -> await(end), "started-while-paused");
            during.start();
            try {
                Thread.sleep(1_600); // the timer samples every 500 ms
                assertThat(asks).hasSize(before);

                sampler.resume();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (asks.size() == before && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(asks.size()).isGreaterThan(before);
            } finally {
                end.countDown();
                during.join();
            }
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Set<Long> tids(long process) {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(process), "task"))) {
            return tasks.map(task -> Long.parseLong(task.getFileName().toString())).collect(Collectors.toSet());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
