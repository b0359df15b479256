package io.extauth.bench.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

@EnabledOnOs(OS.LINUX)
class ProcFsUnitTest {

    /** A stand-in postmaster: a shell whose command line names postgres and a port, with two children. */
    private static Process postmaster(int port) throws Exception {
        Process shell = new ProcessBuilder("bash", "-c", "sleep 60 & sleep 60 & wait; : postgres -p " + port).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        // both children sleep already: one forked but not yet sleep would still have the shell's command line
        while (shell.children().filter(child -> child.info().command().orElse("").endsWith("sleep")).count() < 2
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return shell;
    }

    @Test
    void thePostmasterIsFoundOnceAndItsChildrenFromTheKernelsListAfterThat() throws Exception {
        int port = 40_000 + (int) (ProcessHandle.current().pid() % 20_000);
        Process shell = postmaster(port);
        try {
            List<Long> children = shell.children().map(ProcessHandle::pid).toList();
            ProcFs.Postgres postgres = new ProcFs.Postgres(port);

            for (int i = 0; i < 5; i++) {
                assertThat(postgres.processes()).as("sample %d", i).containsExactlyInAnyOrderElementsOf(
                        concat(shell.pid(), children));
            }
            assertThat(postgres.scans()).isEqualTo(1);
            assertThat(postgres.processes()).containsExactlyInAnyOrderElementsOf(ProcFs.postgresProcesses(port));

            // a child that ends is gone from the next sample, without another scan
            ProcessHandle.of(children.get(0)).ifPresent(ProcessHandle::destroy);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (postgres.processes().contains(children.get(0)) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(postgres.processes()).doesNotContain(children.get(0)).contains(shell.pid());
            assertThat(postgres.scans()).isEqualTo(1);
        } finally {
            shell.descendants().forEach(ProcessHandle::destroy);
            shell.destroy();
            shell.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aPostmasterThatIsGoneIsLookedForAgain() throws Exception {
        int port = 40_000 + (int) ((ProcessHandle.current().pid() + 1) % 20_000);
        ProcFs.Postgres postgres = new ProcFs.Postgres(port);
        Process first = postmaster(port);
        try {
            assertThat(postgres.processes()).contains(first.pid());
        } finally {
            first.descendants().forEach(ProcessHandle::destroy);
            first.destroy();
            first.waitFor(10, TimeUnit.SECONDS);
        }

        assertThat(postgres.processes()).isEmpty();
        Process second = postmaster(port);
        try {
            assertThat(postgres.processes()).contains(second.pid()).doesNotContain(first.pid());
            assertThat(postgres.scans()).isEqualTo(3);
        } finally {
            second.descendants().forEach(ProcessHandle::destroy);
            second.destroy();
            second.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static List<Long> concat(long first, List<Long> rest) {
        List<Long> all = new java.util.ArrayList<>(List.of(first));
        all.addAll(rest);
        return all;
    }
}
