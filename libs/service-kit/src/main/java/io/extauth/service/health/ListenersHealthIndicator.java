package io.extauth.service.health;

import io.extauth.messaging.consumer.ListenerHandOver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
 *
 * <p>A container the messaging kit handed over ({@link ListenerHandOver}: the database is unreachable from this
 * instance, so its partitions went to the service's other instances) is stopped abnormally too, and DOWN with the
 * detail {@code handedOver} saying since when; the kit starts it again once the database takes writes from here, and
 * it reads UP again as it runs. Still not readiness: the instance's requests fail on the same database anyway, and
 * that is {@code db}'s to say.
 */
class ListenersHealthIndicator extends AbstractHealthIndicator {

    private final ObjectProvider<KafkaListenerEndpointRegistry> registry;
    private final ObjectProvider<ListenerHandOver> handOver;

    ListenersHealthIndicator(ObjectProvider<KafkaListenerEndpointRegistry> registry,
            ObjectProvider<ListenerHandOver> handOver) {
        super("Kafka listener health check failed");
        this.registry = registry;
        this.handOver = handOver;
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
        ListenerHandOver handingOver = handOver.getIfAvailable();
        if (handingOver != null && !stopped.isEmpty()) {
            Map<String, String> handedOver = new TreeMap<>();
            handingOver.handedOver().forEach((id, since) -> {
                if (stopped.contains(id)) {
                    handedOver.put(id, "handed over: database unreachable from this instance since " + since);
                }
            });
            if (!handedOver.isEmpty()) {
                builder.withDetail("handedOver", handedOver);
            }
        }
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
