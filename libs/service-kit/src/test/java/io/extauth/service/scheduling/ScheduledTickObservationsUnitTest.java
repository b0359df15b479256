package io.extauth.service.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.extauth.service.ServiceDefaults;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ScheduledTasksObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/** What a service's {@code @Scheduled} timers and polls cost in observations, under the service defaults. */
class ScheduledTickObservationsUnitTest {

    private final ApplicationContextRunner service = new ApplicationContextRunner()
            .withInitializer(context -> new ServiceDefaults().postProcessEnvironment(context.getEnvironment(),
                    new SpringApplication()))
            .withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
                    ScheduledTasksObservationAutoConfiguration.class, TaskSchedulingAutoConfiguration.class))
            .withUserConfiguration(Ticking.class);

    @Test
    void aScheduledTickRecordsNoObservationWhileOtherObservationsStillReachTheirHandlers() {
        service.run(context -> {
            Ticking ticking = context.getBean(Ticking.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> ticking.ticks.get() >= 5);
            Observation.createNotStarted("http.server.requests", context.getBean(ObservationRegistry.class))
                    .observe(() -> { });

            assertThat(ticking.observed).as("observations started, five ticks later").containsOnly(
                    "http.server.requests");
        });
    }

    @Test
    void anOperatorCanHaveTheTicksObservedAgain() {
        service.withPropertyValues("management.observations.enable.tasks.scheduled.execution=true").run(context -> {
            Ticking ticking = context.getBean(Ticking.class);

            await().atMost(Duration.ofSeconds(10)).until(() -> ticking.observed.contains("tasks.scheduled.execution"));
        });
    }

    @Configuration(proxyBeanMethods = false)
    @EnableScheduling
    static class Ticking {

        final AtomicInteger ticks = new AtomicInteger();
        final List<String> observed = new CopyOnWriteArrayList<>();

        @Scheduled(fixedDelay = 10)
        void tick() {
            ticks.incrementAndGet();
        }

        @Bean
        ObservationHandler<Observation.Context> recordingHandler() {
            return new ObservationHandler<>() {
                @Override
                public void onStart(Observation.Context context) {
                    observed.add(context.getName());
                }

                @Override
                public boolean supportsContext(Observation.Context context) {
                    return true;
                }
            };
        }
    }
}
