package io.extauth.service.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.extauth.messaging.consumer.ListenerHandOver;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * {@code listeners} with a container the messaging kit handed over (stopped abnormally, its id among
 * {@link ListenerHandOver#handedOver}): DOWN, with the detail saying why and since when; UP again once it runs.
 */
class ListenersHealthIndicatorUnitTest {

    private static final Instant SINCE = Instant.parse("2026-12-07T14:00:00Z");

    private final MessageListenerContainer container = mock(MessageListenerContainer.class);
    private final KafkaListenerEndpointRegistry registry = mock(KafkaListenerEndpointRegistry.class);
    private final ListenerHandOver handOver = mock(ListenerHandOver.class);

    @Test
    void aContainerHandedOverIsDownWithWhyAndSinceWhen() {
        stopped();
        when(handOver.handedOver()).thenReturn(Map.of("service-listener", SINCE));

        Health health = indicator().health(true);

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsEntry("stopped", List.of("service-listener"))
                .containsEntry("handedOver", Map.of("service-listener",
                        "handed over: database unreachable from this instance since 2026-12-07T14:00:00Z"));
    }

    @Test
    void aContainerStoppedOnAFailureOfItsOwnIsDownWithoutAHandOver() {
        stopped();
        when(handOver.handedOver()).thenReturn(Map.of());

        Health health = indicator().health(true);

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsKey("stopped").doesNotContainKey("handedOver");
    }

    @Test
    void aContainerTakenUpAgainIsUp() {
        stopped();
        when(container.isRunning()).thenReturn(true);
        when(container.isInExpectedState()).thenReturn(true);
        when(handOver.handedOver()).thenReturn(Map.of());

        Health health = indicator().health(true);

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).doesNotContainKeys("stopped", "handedOver");
    }

    private void stopped() {
        when(container.isAutoStartup()).thenReturn(true);
        when(container.isInExpectedState()).thenReturn(false);
        when(container.getListenerId()).thenReturn("service-listener");
        when(registry.getAllListenerContainers()).thenReturn(List.of(container));
    }

    private ListenersHealthIndicator indicator() {
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        beans.addBean("registry", registry);
        beans.addBean("handOver", handOver);
        return new ListenersHealthIndicator(beans.getBeanProvider(KafkaListenerEndpointRegistry.class),
                beans.getBeanProvider(ListenerHandOver.class));
    }
}
