package io.extauth.audit.read;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.audit.rules.AuditEvent;
import io.extauth.audit.synthetic.SyntheticHistory;
import io.extauth.contract.CloudEventHeaders;
import io.extauth.contract.ContractJson;
import io.extauth.contract.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * Issue 14, fifty-third pass: the audit fetches the records itself, from each partition's leader. On a cluster of
 * three brokers, with records written compressed, in a committed transaction and in an aborted one, it reads exactly
 * what a {@code read_committed} consumer reads: every record outside transactions and of the committed one, none of
 * the aborted one, from every broker.
 */
@EmbeddedKafka(count = 3, partitions = 3, topics = {Topics.AUTH_ORDERED, Topics.AUTH_PROVISIONED,
        Topics.AUTH_EMAIL_SENT, Topics.AUTH_ACTIVATED, Topics.AUTH_CHALLENGE_ISSUED, Topics.AUTH_CHALLENGE_RESULT},
        brokerProperties = {"controlled.shutdown.enable=false", "transaction.state.log.replication.factor=1",
            "transaction.state.log.min.isr=1",
            "transaction.state.log.num.partitions=1"})
class TopicReaderFetchIntegrationTest {

    private static String bootstrap;
    private static final Set<String> KEPT = new HashSet<>();
    private static final Set<String> ABORTED = new HashSet<>();

    @BeforeAll
    static void writeCompressedTransactionalAndAbortedRecords(EmbeddedKafkaBroker broker) {
        bootstrap = broker.getBrokersAsString();
        Instant epoch = Instant.parse("2025-03-01T08:00:00Z");
        try (KafkaProducer<String, byte[]> compressed = producer(Map.of(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.LINGER_MS_CONFIG, "50"))) {
            for (int user = 0; user < 40; user++) {
                SyntheticHistory.of(user, epoch).forEach(timed -> KEPT.add(send(compressed, timed)));
            }
        }
        try (KafkaProducer<String, byte[]> transactional = producer(Map.of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "audit-test-" + UUID.randomUUID()))) {
            transactional.initTransactions();
            transactional.beginTransaction();
            SyntheticHistory.of(100, epoch).forEach(timed -> KEPT.add(send(transactional, timed)));
            transactional.commitTransaction();
            transactional.beginTransaction();
            SyntheticHistory.of(101, epoch).forEach(timed -> ABORTED.add(send(transactional, timed)));
            transactional.flush();
            transactional.abortTransaction();
            transactional.beginTransaction();
            SyntheticHistory.of(102, epoch).forEach(timed -> KEPT.add(send(transactional, timed)));
            transactional.commitTransaction();
        }
        try (KafkaProducer<String, byte[]> plain = producer(Map.of())) {
            SyntheticHistory.of(103, epoch).forEach(timed -> KEPT.add(send(plain, timed)));
        }
    }

    @Test
    void readsFromEveryLeaderWhatAReadCommittedConsumerReads() throws Exception {
        ReadHistory read = new TopicReader(bootstrap, Duration.ofSeconds(10)).read(null, Progress.none());

        List<String> ids = read.events().stream().map(AuditEvent::id).toList();
        assertThat(ids).hasSameSizeAs(new HashSet<>(ids)).containsExactlyInAnyOrderElementsOf(KEPT);
        assertThat(ids).doesNotContainAnyElementsOf(ABORTED);
        assertThat(read.unreadable()).isEmpty();
        assertThat(ABORTED).isNotEmpty();
        assertThat(KEPT).hasSizeGreaterThan(40 * 10);
        // the records were on more than one broker: the read asked each leader for its partitions
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Set<Integer> leaders = new HashSet<>();
            for (TopicDescription topic : admin.describeTopics(List.of(Topics.AUTH_ORDERED, Topics.AUTH_CHALLENGE_RESULT))
                    .allTopicNames().get().values()) {
                topic.partitions().forEach(partition -> leaders.add(partition.leader().id()));
            }
            assertThat(leaders).hasSizeGreaterThan(1);
        }
    }

    @Test
    void readingFromATimeReadsEachPartitionFromItsFirstRecordOfThatTime() {
        ReadHistory all = new TopicReader(bootstrap, Duration.ofSeconds(10)).read(null, Progress.none());
        Instant middle = all.events().stream().map(AuditEvent::time).sorted().toList().get(all.events().size() / 2);
        // a record's timestamp is its event's time (written so above): each partition is read from its first record
        // of that time or later, as the broker finds it, whatever the times of the records after it
        Map<String, Long> firstOffsets = new HashMap<>();
        all.events().stream().filter(event -> !event.time().isBefore(middle)).forEach(event -> firstOffsets.merge(
                event.position().topic() + "-" + event.position().partition(), event.position().offset(), Math::min));
        List<String> expected = all.events().stream().filter(event -> event.position().offset() >= firstOffsets
                .getOrDefault(event.position().topic() + "-" + event.position().partition(), Long.MAX_VALUE))
                .map(AuditEvent::id).toList();

        ReadHistory later = new TopicReader(bootstrap, Duration.ofSeconds(10)).read(middle, Progress.none());

        assertThat(later.events()).isNotEmpty().hasSizeLessThan(all.events().size());
        assertThat(later.events().stream().map(AuditEvent::id)).containsExactlyInAnyOrderElementsOf(expected);
    }

    private static KafkaProducer<String, byte[]> producer(Map<String, String> settings) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.putAll(settings);
        return new KafkaProducer<>(props);
    }

    /** One event as the services write it (binary CloudEvent); its id. */
    private static String send(KafkaProducer<String, byte[]> producer, SyntheticHistory.Timed timed) {
        String id = UUID.randomUUID().toString();
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(timed.topic(), null, timed.time().toEpochMilli(),
                timed.event().userId(), ContractJson.mapper().writeValueAsBytes(timed.event()));
        List<String[]> headers = new ArrayList<>(List.of(
                new String[] {CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_1_0},
                new String[] {CloudEventHeaders.ID, id}, new String[] {CloudEventHeaders.SOURCE, "/test"},
                new String[] {CloudEventHeaders.TYPE, timed.event().eventType()},
                new String[] {CloudEventHeaders.TIME, timed.time().toString()},
                new String[] {CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON}));
        headers.forEach(h -> record.headers().add(h[0], h[1].getBytes(StandardCharsets.UTF_8)));
        producer.send(record);
        return id;
    }
}
