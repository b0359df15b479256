package io.extauth.bench;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.extauth.bench.system.Pausable;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BenchCommandUnitTest {

    /** A sampler that says what was done to it. */
    private static final class Recording implements Pausable {

        final List<String> calls = new ArrayList<>();

        @Override
        public void pause() {
            calls.add("pause");
        }

        @Override
        public void resume() {
            calls.add("resume");
        }
    }

    @Test
    void theSamplersStandAsideForTheScenariosWithoutTheStackOnly() {
        Recording memory = new Recording();
        Recording threads = new Recording();

        assertThat(BenchCommand.standingAside("audit", memory, threads)).containsExactly(memory, threads);
        assertThat(BenchCommand.standingAside("codec", memory, null)).containsExactly(memory);
        assertThat(BenchCommand.standingAside("orders", memory, threads)).isEmpty();
        assertThat(BenchCommand.standingAside("logins", memory, threads)).isEmpty();
        assertThat(BenchCommand.standingAside("baseline", memory, threads)).isEmpty();
    }

    @Test
    void theSamplersStandAsideWhileAScenarioWithoutTheStackRunsAndComeBackHoweverItEnds() {
        Recording memory = new Recording();
        Recording threads = new Recording();

        String seen = BenchCommand.pausedWhile(List.of(memory, threads), () -> memory.calls + " " + threads.calls);

        assertThat(seen).isEqualTo("[pause] [pause]");
        assertThat(memory.calls).containsExactly("pause", "resume");
        assertThat(threads.calls).containsExactly("pause", "resume");

        assertThatThrownBy(() -> BenchCommand.pausedWhile(List.of(memory), () -> {
            throw new IllegalStateException("the scenario failed");
        })).hasMessage("the scenario failed");
        assertThat(memory.calls).containsExactly("pause", "resume", "pause", "resume");
    }

    @Test
    void versionSaysTheProjectsVersion() {
        StringWriter out = new StringWriter();
        CommandLine commandLine = BenchCommand.commandLine();
        commandLine.setOut(new PrintWriter(out));

        assertThat(commandLine.execute("--version")).isZero();
        assertThat(out.toString().strip()).matches("extauth \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }

    @Test
    void theAuditScenarioAloneRunsWithoutAStackBecauseItSeedsItsOwnBroker(@TempDir Path dir) {
        // nothing listens on port 9: a stack check would fail the run with exit 2
        int exit = BenchCommand.commandLine().execute("--scenarios", "audit",
                "--audit-jar", dir.resolve("no-such.jar").toString(),
                "--order-url", "http://127.0.0.1:9", "--challenge-url", "http://127.0.0.1:9",
                "--simulator-url", "http://127.0.0.1:9", "--stack-home", dir.toString(),
                "--out", dir.resolve("result.json").toString());

        assertThat(exit).isZero();
        assertThat(dir.resolve("result.json")).exists();
    }

    @Test
    void anyOtherScenarioStillNeedsTheStack(@TempDir Path dir) {
        int exit = BenchCommand.commandLine().execute("--scenarios", "baseline,audit",
                "--order-url", "http://127.0.0.1:9", "--challenge-url", "http://127.0.0.1:9",
                "--simulator-url", "http://127.0.0.1:9", "--stack-home", dir.toString(),
                "--out", dir.resolve("result.json").toString());

        assertThat(exit).isEqualTo(2);
    }
}
