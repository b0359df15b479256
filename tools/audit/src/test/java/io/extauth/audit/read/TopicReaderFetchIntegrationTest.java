package io.extauth.audit.read;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.audit.rules.AuditEvent;
import io.extauth.audit.rules.Position;
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
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, fifty-third pass: the audit fetches the records itself, from each partition's leader. On a cluster of
 * three brokers, with records written compressed, in a committed transaction and in an aborted one, more of them than
 * one answer holds, and one larger than a partition's share of an answer, it reads exactly what a
 * {@code read_committed} consumer reads: every record outside transactions and of the committed one, none of the
 * aborted one, from every broker, each once.
 *
 * <p>The three brokers have a controller of their own ({@link #threeBrokers}), not the three combined
 * broker-controllers {@code @EmbeddedKafka(count = 3)} starts: with Kafka 4.2.1 two of those three voters stop about
 * two seconds after the quorum's first leader is active (their raft IO thread takes the leader's INVALID_REQUEST
 * answer to their UpdateRaftVoter request for a fatal error, "Received unexpected invalid request error"), and the
 * quorum has no active controller from then on. The set-up needs one: for its producers' ids (the brokers ask the
 * controller for blocks of them), to create the topics the synthetic history writes that are not created here, and
 * {@code __transaction_state} for the transactional producer. When the set-up came first it passed; when the machine
 * was busy and the crash came first, {@code initTransactions} waited its 60 s and the class failed ("Timeout expired
 * after 60000ms while awaiting InitProducerId"), or the set-up hung on the topics it could not create, or (the
 * crash during the cluster's own start-up) {@code KafkaClusterTestKit.startup} never returned.
 */
class TopicReaderFetchIntegrationTest {

    /** The audited topics created before the records are written (as {@code @EmbeddedKafka} created them). */
    private static final List<String> TOPICS = List.of(Topics.AUTH_ORDERED, Topics.AUTH_PROVISIONED,
            Topics.AUTH_EMAIL_SENT, Topics.AUTH_ACTIVATED, Topics.AUTH_CHALLENGE_ISSUED, Topics.AUTH_CHALLENGE_RESULT);

    private static KafkaClusterTestKit cluster;
    private static String bootstrap;
    private static final Set<String> KEPT = new HashSet<>();
    private static final Set<String> ABORTED = new HashSet<>();
    /** What a send failed with: a record the set-up counts must be on the topic. */
    private static final List<Exception> NOT_WRITTEN = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void writeCompressedTransactionalAndAbortedRecords() throws Exception {
        cluster = threeBrokers();
        bootstrap = cluster.bootstrapServers();
        try (Admin admin = admin()) {
            admin.createTopics(TOPICS.stream().map(topic -> new NewTopic(topic, 3, (short) 3)).toList()).all().get();
        }
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
        try (KafkaProducer<String, byte[]> plain = producer(Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "5000000",
                ProducerConfig.BATCH_SIZE_CONFIG, "262144", ProducerConfig.LINGER_MS_CONFIG, "20"))) {
            SyntheticHistory.of(103, epoch).forEach(timed -> KEPT.add(send(plain, timed)));
            // more than a fetch answer's share of a partition (2 MiB), so partitions are read over several answers
            for (int user = 200; user < 700; user++) {
                SyntheticHistory.of(user, epoch).forEach(timed -> KEPT.add(send(plain, timed)));
            }
            // one record larger than a partition's share: sent whole only when its partition comes first in an
            // answer; not an event (unreadable), and read once
            plain.send(new ProducerRecord<>(Topics.AUTH_EMAIL_SENT, 0, "big", new byte[3 * 1024 * 1024]),
                    TopicReaderFetchIntegrationTest::written);
            SyntheticHistory.of(104, epoch).forEach(timed -> KEPT.add(send(plain, timed)));
        }
        if (!NOT_WRITTEN.isEmpty()) {
            throw new IllegalStateException(NOT_WRITTEN.size() + " records were not written", NOT_WRITTEN.get(0));
        }
        awaitTransactionsMarked();
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    /**
     * Three brokers and one controller of their own: a quorum of one voter, which has nobody to send it an
     * UpdateRaftVoter request (see the class comment). The brokers' settings are those {@code @EmbeddedKafka} gave
     * them (topics created on use with three partitions), with a transaction log of one replica.
     */
    private static KafkaClusterTestKit threeBrokers() throws Exception {
        KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(false).setNumBrokerNodes(3).setNumControllerNodes(1).build())
                .setConfigProp("controlled.shutdown.enable", "false")
                .setConfigProp("message.max.bytes", "4194304")
                .setConfigProp("num.partitions", "3")
                .setConfigProp("offsets.topic.replication.factor", "3")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("transaction.state.log.num.partitions", "1")
                .build();
        try {
            kit.format();
            kit.startup();
            kit.waitForReadyBrokers();
            return kit;
        } catch (Exception | Error e) {
            kit.close();
            throw e;
        }
    }

    /**
     * Waits until no transaction is open on any partition: a commit or an abort returns before the coordinator has
     * written its markers, and until they are written a {@code read_committed} read ends before the transaction (its
     * records and every later one on that partition unread). The read and the consumer below both read up to the last
     * stable offset, so the records are compared once it is the end of every partition.
     */
    private static void awaitTransactionsMarked() throws Exception {
        try (Admin admin = admin(); KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions(consumer).forEach(partition -> latest.put(partition, OffsetSpec.latest()));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (true) {
                Map<TopicPartition, Long> stable = new HashMap<>();
                admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get()
                        .forEach((partition, info) -> stable.put(partition, info.offset()));
                Map<TopicPartition, Long> high = new HashMap<>();
                admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all().get()
                        .forEach((partition, info) -> high.put(partition, info.offset()));
                if (stable.equals(high)) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("transactions still open after 30 s: last stable offsets " + stable
                            + ", high watermarks " + high);
                }
                Thread.sleep(100);
            }
        }
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    private static void written(org.apache.kafka.clients.producer.RecordMetadata metadata, Exception e) {
        if (e != null) {
            NOT_WRITTEN.add(e);
        }
    }

    @Test
    void readsFromEveryLeaderWhatAReadCommittedConsumerReads() throws Exception {
        ReadHistory read = new TopicReader(bootstrap, Duration.ofSeconds(10)).read(null, Progress.none());

        List<String> ids = read.events().stream().map(AuditEvent::id).toList();
        assertThat(ids).hasSameSizeAs(new HashSet<>(ids)).containsExactlyInAnyOrderElementsOf(KEPT);
        assertThat(ids).doesNotContainAnyElementsOf(ABORTED);
        assertThat(read.unreadable()).singleElement()
                .satisfies(record -> assertThat(record.position().topic()).isEqualTo(Topics.AUTH_EMAIL_SENT));
        assertThat(ABORTED).isNotEmpty();
        assertThat(KEPT).hasSizeGreaterThan(500 * 10);
        // exactly the records a read_committed consumer reads, position by position
        List<String> positions = new ArrayList<>();
        read.events().forEach(event -> positions.add(event.position().toString()));
        read.unreadable().forEach(record -> positions.add(record.position().toString()));
        assertThat(positions).containsExactlyInAnyOrderElementsOf(consumed());
        // the records were on more than one broker: the read asked each leader for its partitions
        try (Admin admin = admin()) {
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
        // each partition is read from the broker's first record of that time or later (the time index, every record
        // counted: aborted ones, the large one written now), whatever the times of the records after it
        Map<String, Long> firstOffsets = firstOffsetsAt(middle);
        List<String> expected = all.events().stream().filter(event -> event.position().offset() >= firstOffsets
                .getOrDefault(event.position().topic() + "-" + event.position().partition(), Long.MAX_VALUE))
                .map(AuditEvent::id).toList();

        ReadHistory later = new TopicReader(bootstrap, Duration.ofSeconds(10)).read(middle, Progress.none());

        assertThat(later.events()).isNotEmpty().hasSizeLessThan(all.events().size());
        assertThat(later.events().stream().map(AuditEvent::id)).containsExactlyInAnyOrderElementsOf(expected);
    }

    /** Each partition's first offset of that time or later, as the broker's time index finds it. */
    private static Map<String, Long> firstOffsetsAt(Instant time) {
        Map<String, Long> first = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions(consumer).forEach(partition -> query.put(partition, time.toEpochMilli()));
            consumer.offsetsForTimes(query).forEach((partition, found) -> {
                if (found != null) {
                    first.put(partition.topic() + "-" + partition.partition(), found.offset());
                }
            });
        }
        return first;
    }

    /** The audited topics' partitions that exist (the synthetic history writes some topics not created above). */
    private static List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer) {
        List<TopicPartition> partitions = new ArrayList<>();
        Map<String, List<org.apache.kafka.common.PartitionInfo>> existing = consumer.listTopics();
        for (String topic : TopicReader.auditedTopics()) {
            existing.getOrDefault(topic, List.of()).forEach(info -> partitions.add(new TopicPartition(topic,
                    info.partition())));
        }
        return partitions;
    }

    private static KafkaConsumer<byte[], byte[]> consumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(5 * 1024 * 1024));
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return new KafkaConsumer<>(props);
    }

    /** Every record's position, as a {@code read_committed} consumer reads the topics from the beginning. */
    private static List<String> consumed() {
        List<String> positions = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    // not a partial answer to compare with: the comparison would blame the read
                    throw new IllegalStateException("the read_committed consumer did not reach the end offsets "
                            + end + " within 30 s");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(record -> positions.add(
                        new Position(record.topic(), record.partition(), record.offset()).toString()));
            }
        }
        return positions;
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
        producer.send(record, TopicReaderFetchIntegrationTest::written);
        return id;
    }
}
