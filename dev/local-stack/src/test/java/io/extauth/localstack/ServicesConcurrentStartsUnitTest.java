package io.extauth.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;

/**
 * Applications of one group start on several threads of one JVM, and Logback's logger context is not safe for that:
 * one application's logging initialisation resets the context's listeners while another's sets a level and walks
 * them ({@code ConcurrentModificationException}, seen in CI as "order-service failed to start"). {@link Services}
 * lets one application at a time through that phase; many small applications started at once, again and again, all
 * start.
 */
class ServicesConcurrentStartsUnitTest {

    private static final int APPLICATIONS = 8;
    private static final int ROUNDS = 12;

    @SpringBootConfiguration(proxyBeanMethods = false)
    static class Empty {
        public static void main(String[] args) {
        }
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    static class Failing {
        public static void main(String[] args) {
        }

        @org.springframework.context.annotation.Bean
        String refusesToStart() {
            throw new IllegalStateException("this application does not start");
        }
    }

    @Test
    void aFailedStartLeavesNoApplicationWaitingForTheLoggingSetup() {
        List<ServiceSpec> group = List.of(spec("failing", Failing.class), spec("app-0", Empty.class));
        try (Services services = new Services(2)) {
            assertThatThrownBy(() -> services.start(group))
                    .isInstanceOf(ServiceStartException.class)
                    .hasMessageContaining("failing failed to start");
            assertThat(OneLoggingSetupAtATime.isHeldByAnyThread()).isFalse();
            services.start(List.of(spec("app-1", Empty.class)));
            assertThat(services.started()).extracting(ServiceSpec::name).containsExactly("app-0", "app-1");
        }
        assertThat(OneLoggingSetupAtATime.isHeldByAnyThread()).isFalse();
    }

    @Test
    void manyApplicationsStartingAtOnceAllStart() {
        for (int round = 0; round < ROUNDS; round++) {
            List<ServiceSpec> group = new ArrayList<>();
            IntStream.range(0, APPLICATIONS).forEach(i -> group.add(spec("app-" + i, Empty.class)));
            try (Services services = new Services(APPLICATIONS)) {
                services.start(group);
                assertThat(services.started()).hasSize(APPLICATIONS);
            }
        }
        assertThat(OneLoggingSetupAtATime.isHeldByAnyThread()).isFalse();
    }

    private static ServiceSpec spec(String name, Class<?> application) {
        return new ServiceSpec(name, application.getName(), Ports.LOOPBACK, 0, List.of("--spring.main.web-application-type=none",
                "--spring.application.name=" + name, "--logging.level.io.extauth." + name + "=DEBUG",
                "--logging.level.io.extauth.other." + name + "=WARN", "--logging.level.org.apache.kafka=WARN",
                "--logging.level.root=INFO"));
    }
}
