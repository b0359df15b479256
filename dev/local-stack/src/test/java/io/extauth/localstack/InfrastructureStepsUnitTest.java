package io.extauth.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class InfrastructureStepsUnitTest {

    private final List<String> lines = new ArrayList<>();
    private final List<RuntimeException> failures = new ArrayList<>();

    @Test
    void stepsThatNeedNothingOfEachOtherRunAtTheSameTime() {
        CountDownLatch brokerRuns = new CountDownLatch(1);
        CountDownLatch databaseRuns = new CountDownLatch(1);
        try (InfrastructureSteps steps = new InfrastructureSteps(lines::add, failures)) {
            // each step finishes only once the other has begun: one after the other, the first would wait in vain
            var broker = steps.begin("broker", () -> meetThen(brokerRuns, databaseRuns, "broker up"));
            var database = steps.begin("database", () -> meetThen(databaseRuns, brokerRuns, "database up"));

            assertThat(steps.await(broker)).isEqualTo("broker up");
            assertThat(steps.await(database)).isEqualTo("database up");
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void eachStepReportsOneLineInTheOrderTheyAreAwaitedWhicheverFinishedFirst() throws InterruptedException {
        CountDownLatch secondFinished = new CountDownLatch(1);
        try (InfrastructureSteps steps = new InfrastructureSteps(lines::add, failures)) {
            var first = steps.begin("Kafka broker (KRaft)", () -> {
                await(secondFinished);
                return 1;
            });
            var second = steps.begin("PostgreSQL", () -> {
                secondFinished.countDown();
                return 2;
            });
            steps.await(first);
            steps.await(second);
        }
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).matches("  Kafka broker \\(KRaft\\) +\\d+\\.\\d s");
        assertThat(lines.get(1)).matches("  PostgreSQL +\\d+\\.\\d s");
    }

    @Test
    void aFailedStepIsReportedAndTheOthersStillFinishSoThatWhatStartedCanBeStopped() {
        IllegalStateException noDisk = new IllegalStateException("could not format the Kafka log directory");
        try (InfrastructureSteps steps = new InfrastructureSteps(lines::add, failures)) {
            var broker = steps.<String>begin("Kafka broker (KRaft)", () -> {
                throw noDisk;
            });
            var database = steps.begin("PostgreSQL", () -> "database up");

            assertThat(steps.await(broker)).isNull();
            assertThat(steps.await(database)).isEqualTo("database up");
        }
        assertThat(failures).containsExactly(noDisk);
        assertThat(lines).singleElement().asString().startsWith("  PostgreSQL");
    }

    private static String meetThen(CountDownLatch mine, CountDownLatch other, String result) {
        mine.countDown();
        await(other);
        return result;
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(5, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the other step never ran alongside");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
