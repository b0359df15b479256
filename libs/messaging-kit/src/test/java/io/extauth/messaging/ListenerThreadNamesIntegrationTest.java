package io.extauth.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.extauth.contract.Topics;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * A listener's consumer threads say whose they are (issue 14: the bench tells the services' CPU apart by thread name
 * in the local stack's one JVM), and nothing else about the listener changes.
 */
@SpringBootTest(classes = KitTestApplication.class)
@EmbeddedKafka(partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class ListenerThreadNamesIntegrationTest {

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Test
    void aListenersConsumerThreadsAreNamedByItsServiceAndTopicWhileItsIdAndConsumerGroupStayAsTheyWere() {
        ConcurrentMessageListenerContainer<?, ?> container = listeners.getListenerContainers().stream()
                .filter(c -> List.of(c.getContainerProperties().getTopics()).contains(Topics.AUTH_ORDERED))
                .map(c -> (ConcurrentMessageListenerContainer<?, ?>) c).findFirst().orElseThrow();

        assertThat(container.getContainerProperties().getListenerTaskExecutor())
                .isInstanceOfSatisfying(SimpleAsyncTaskExecutor.class, executor -> assertThat(
                        executor.getThreadNamePrefix()).isEqualTo("kit-test-listener-auth.ordered-"));
        // one thread per consumer (other contexts of this test JVM may run the same listener: at least these)
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(threadNames())
                .filteredOn(name -> name.matches("kit-test-listener-auth\\.ordered-\\d+"))
                .hasSizeGreaterThanOrEqualTo(container.getConcurrency()));
        assertThat(threadNames()).noneMatch(name -> name.contains("KafkaListenerEndpointContainer"));
        assertThat(container.getGroupId()).isEqualTo("kit-test");
        assertThat(container.getListenerId()).startsWith("org.springframework.kafka.KafkaListenerEndpointContainer#");
    }

    /**
     * By default one consumer per service instance takes every partition of the service's topics (KafkaDefaults: a
     * third of the polls and transactions of a consumer per partition); a partition still has one consumer.
     */
    @Test
    void byDefaultOneConsumerHoldsEveryPartitionOfTheServicesTopics() {
        ConcurrentMessageListenerContainer<?, ?> container = listeners.getListenerContainers().stream()
                .filter(c -> List.of(c.getContainerProperties().getTopics()).contains(Topics.AUTH_ORDERED))
                .map(c -> (ConcurrentMessageListenerContainer<?, ?>) c).findFirst().orElseThrow();
        int topics = container.getContainerProperties().getTopics().length;

        assertThat(container.getConcurrency()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(container.getAssignmentsByClientId()
                .values()).singleElement().satisfies(assigned -> assertThat(assigned).hasSize(3 * topics)
                .filteredOn(partition -> partition.topic().equals(Topics.AUTH_ORDERED))
                .extracting(TopicPartition::partition).containsExactlyInAnyOrder(0, 1, 2)));
    }

    private static List<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName).toList();
    }
}
