package io.extauth.service.health;

import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * {@code listeners}: the service's Kafka listener containers, in its health. DOWN while a container that starts
 * with the service (auto-startup) is not where it should be: it stopped on a failure of its own (spring-kafka stops a
 * container on an authorization failure, or on an error its consumer cannot go on from), not because the service
 * stopped it. Such a container reads nothing: its consumer left the group and Boot removed its {@code
 * kafka_consumer_*} meters, so the lag alert had no series, health said nothing, and nothing piled up where another
 * alert looks ({@code ExtauthConsumerStopped} now pages on the missing meters). Not in readiness: a consumer group's
 * ACL missing for a minute stops every instance's container at once, and readiness would take them all out of
 * rotation, though a login or an order needs no consumer. Paused containers are running; a container never meant to
 * start (auto-startup off) is not judged.
 */
class ListenersHealthIndicator extends AbstractHealthIndicator {

    private final ObjectProvider<KafkaListenerEndpointRegistry> registry;

    ListenersHealthIndicator(ObjectProvider<KafkaListenerEndpointRegistry> registry) {
        super("Kafka listener health check failed");
        this.registry = registry;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        KafkaListenerEndpointRegistry listeners = registry.getIfAvailable();
        List<String> stopped = new ArrayList<>();
        int judged = 0;
        if (listeners != null) {
            for (MessageListenerContainer container : listeners.getAllListenerContainers()) {
                if (!container.isAutoStartup()) {
                    continue;
                }
                judged++;
                if (!inExpectedState(container)) {
                    stopped.add(container.getListenerId());
                }
            }
        }
        (stopped.isEmpty() ? builder.up() : builder.down().withDetail("stopped", stopped))
                .withDetail("containers", judged);
    }

    /** The container and, for a concurrent one, each consumer's own container: one of them may stop alone. */
    private static boolean inExpectedState(MessageListenerContainer container) {
        if (!container.isInExpectedState()) {
            return false;
        }
        return !(container instanceof ConcurrentMessageListenerContainer<?, ?> concurrent) || !concurrent.isRunning()
                || concurrent.getContainers().stream().allMatch(MessageListenerContainer::isInExpectedState);
    }
}
