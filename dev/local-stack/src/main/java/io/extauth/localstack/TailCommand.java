package io.extauth.localstack;

import io.extauth.audit.cli.Durations;
import io.extauth.contract.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tail}: a topic's CloudEvents, decoded, as an integrator reads them (e.g. a billing system reading
 * {@code billing.orders.rejected}). Read-only: no consumer group, nothing committed.
 */
@Command(name = "tail", mixinStandardHelpOptions = true,
        header = "Print a topic's CloudEvents, e.g. billing.orders.rejected.",
        description = "Reads the topic from the beginning without a consumer group; --follow keeps reading.")
final class TailCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "TOPIC", description = "The topic, e.g. " + Topics.BILLING_ORDERS_REJECTED
            + " or auth.challenge-result.")
    String topic = "";

    @Option(names = "--user", description = "Only this user's events (the record key; default: every user).")
    @Nullable String user;

    @Option(names = {"-f", "--follow"}, description = "Keep waiting for new events until Ctrl-C (default: stop at "
            + "the end).")
    boolean follow;

    @Option(names = "--limit", defaultValue = "0",
            description = "Stop after this many events, 0 for no limit (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--timeout", defaultValue = "10s", converter = Durations.class,
            description = "Give up on an unreachable broker after this long; with --follow and --limit, also on "
                    + "events that do not come (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--bootstrap-servers", defaultValue = "${env:EXTAUTH_BOOTSTRAP_SERVERS:-127.0.0.1:9092}",
            description = "The stack's Kafka broker (default: ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Override
    public Integer call() {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, timeout);
            if (partitions == null || partitions.isEmpty()) {
                System.err.println("there is no topic " + topic + " on " + bootstrapServers + "; topics: "
                        + String.join(", ", consumer.listTopics(timeout).keySet().stream().sorted().toList()));
                return 1;
            }
            List<TopicPartition> assigned = partitions.stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            Map<TopicPartition, Long> end = consumer.endOffsets(assigned, timeout);
            return print(consumer, assigned, end);
        } catch (KafkaException e) {
            System.err.println("could not read " + topic + " from " + bootstrapServers + " (is ./extauth up running?): "
                    + e.getMessage());
            return 1;
        }
    }

    private int print(KafkaConsumer<String, byte[]> consumer, List<TopicPartition> assigned,
            Map<TopicPartition, Long> end) {
        int printed = 0;
        long waitingSince = System.nanoTime();
        while (true) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (user != null && !user.equals(record.key())) {
                    continue;
                }
                Map<String, byte[]> headers = new HashMap<>();
                for (Header header : record.headers()) {
                    headers.put(header.key(), header.value());
                }
                System.out.println(CloudEventLine.of(record.topic(), record.partition(), record.offset(), record.key(),
                        headers, record.value()));
                printed++;
                waitingSince = System.nanoTime();
                if (limit > 0 && printed >= limit) {
                    return 0;
                }
            }
            if (!follow && assigned.stream().allMatch(p -> consumer.position(p, timeout) >= end.get(p))) {
                return 0;
            }
            if (follow && limit > 0 && System.nanoTime() - waitingSince > timeout.toNanos()) {
                System.err.println("only " + printed + " of " + limit + " events within " + timeout.toSeconds() + " s");
                return 1;
            }
        }
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(timeout.toMillis()));
        props.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(timeout.toMillis()));
        return new KafkaConsumer<>(props);
    }
}
