package io.extauth.localstack;

import static io.extauth.localstack.InfrastructureStepsUnitTest.tinyApplication;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Real (tiny) Spring applications, started and stopped as the stack starts and stops its six. */
class ServicesUnitTest {

    @Test
    void anApplicationBegunButNeverAwaitedIsStoppedAtClose() {
        Events.seen = new CopyOnWriteArrayList<>();
        Services services = new Services(2);
        // as when the broker fails while the simulator starts: the stack closes without awaiting the simulator
        services.begin(List.of(tinyApplication("vendor-simulator", Events.class)));

        services.close();

        assertThat(Events.seen).containsExactly("started vendor-simulator", "stopped vendor-simulator");
    }

    @Test
    void groupsBegunOneAfterTheOtherRunTogetherAndStopTheLastBegunFirst() {
        Events.seen = new CopyOnWriteArrayList<>();
        List<String> up = new ArrayList<>();
        try (Services services = new Services(2)) {
            var alone = services.begin(List.of(tinyApplication("vendor-simulator", Events.class)));
            var four = services.begin(List.of(tinyApplication("order-service", Events.class)));
            services.await(four, (spec, took) -> up.add(spec.name()));
            services.await(alone, (spec, took) -> up.add(spec.name()));

            assertThat(services.started()).extracting(ServiceSpec::name)
                    .containsExactly("vendor-simulator", "order-service");
        }
        assertThat(up).containsExactly("order-service", "vendor-simulator");
        assertThat(Events.seen).containsSubsequence("stopped order-service", "stopped vendor-simulator");
    }

    @Configuration(proxyBeanMethods = false)
    static class Events {

        static volatile List<String> seen = new CopyOnWriteArrayList<>();

        @Bean
        AutoCloseable lifecycle(Environment environment) {
            String name = environment.getProperty("spring.application.name");
            seen.add("started " + name);
            return () -> seen.add("stopped " + name);
        }
    }
}
