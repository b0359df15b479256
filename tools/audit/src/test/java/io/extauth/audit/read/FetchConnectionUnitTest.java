package io.extauth.audit.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.SimpleRecord;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, fifty-third pass: the audit's own fetch on the wire, against a stand-in broker on a socket. It asks for
 * exactly the partitions and offsets given, {@code read_committed}, in version 12; it takes the answer's records; an
 * answer that is not Kafka's, or one to another request, or none at all within the timeout is an error, never a
 * record read.
 */
class FetchConnectionUnitTest {

    private static final TopicPartition ORDERED_1 = new TopicPartition("auth.ordered", 1);
    private static final TopicPartition ISSUED_0 = new TopicPartition("auth.challenge-issued", 0);

    private final List<FakeBroker> brokers = new ArrayList<>();

    @AfterEach
    void stopBrokers() throws IOException {
        for (FakeBroker broker : brokers) {
            broker.close();
        }
    }

    @Test
    void asksForThePartitionsFromTheirOffsetsReadCommittedAndTakesTheirRecords() throws Exception {
        MemoryRecords records = MemoryRecords.withRecords(40L, Compression.NONE, new SimpleRecord(5L, null,
                "a".getBytes()), new SimpleRecord(6L, null, "b".getBytes()));
        FakeBroker broker = broker((header, request) -> FakeBroker.framed(answer(request, records, 0),
                header.correlationId()));
        Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
        offsets.put(ORDERED_1, 40L);
        offsets.put(ISSUED_0, 7L);
        try (FetchConnection connection = broker.connect(Duration.ofSeconds(5))) {
            connection.send(offsets);
            assertThat(connection.awaiting()).isTrue();
            Map<TopicPartition, FetchResponseData.PartitionData> answer = connection.receive();

            assertThat(connection.awaiting()).isFalse();
            assertThat(answer).containsOnlyKeys(ORDERED_1, ISSUED_0);
            assertThat(RecordBatches.nextOffset((MemoryRecords) answer.get(ORDERED_1).records(), 40))
                    .isEqualTo(42);
            assertThat(answer.get(ISSUED_0).errorCode()).isEqualTo(Errors.NOT_LEADER_OR_FOLLOWER.code());
        }
        FetchRequest asked = broker.requests.get(0);
        assertThat(asked.version()).isEqualTo(FetchConnection.VERSION);
        assertThat(asked.isolationLevel()).isEqualTo(IsolationLevel.READ_COMMITTED);
        assertThat(asked.maxBytes()).isEqualTo(FetchConnection.MAX_BYTES);
        Map<TopicIdPartition, FetchRequest.PartitionData> data = asked.fetchData(Map.of());
        assertThat(data.keySet().stream().map(TopicIdPartition::topicPartition)).containsExactly(ORDERED_1,
                ISSUED_0);
        assertThat(data.values().stream().map(partition -> partition.fetchOffset)).containsExactly(40L, 7L);
    }

    @Test
    void anAnswerThatIsNotKafkasIsAnError() throws Exception {
        FakeBroker broker = broker((header, request) -> {
            ByteBuffer nonsense = ByteBuffer.allocate(4);
            nonsense.putInt(Integer.MAX_VALUE).flip();
            return nonsense;
        });
        try (FetchConnection connection = broker.connect(Duration.ofSeconds(5))) {
            connection.send(Map.of(ORDERED_1, 0L));
            assertThatThrownBy(connection::receive).isInstanceOf(IOException.class)
                    .hasMessageContaining("not a Kafka fetch answer");
        }
    }

    @Test
    void anAnswerToAnotherRequestIsAnError() throws Exception {
        FakeBroker broker = broker((header, request) -> FakeBroker.framed(answer(request, MemoryRecords.EMPTY, 0),
                99));
        try (FetchConnection connection = broker.connect(Duration.ofSeconds(5))) {
            connection.send(Map.of(ORDERED_1, 0L));
            assertThatThrownBy(connection::receive).isInstanceOf(IOException.class)
                    .hasMessageContaining("answered request 99, not 2"); // 1: the question of versions
        }
    }

    @Test
    void anAnswerTooShortForItsHeaderIsAnError() throws Exception {
        FakeBroker broker = broker((header, request) -> {
            ByteBuffer shortAnswer = ByteBuffer.allocate(6);
            shortAnswer.putInt(2).flip();
            shortAnswer.limit(6);
            return shortAnswer;
        });
        try (FetchConnection connection = broker.connect(Duration.ofSeconds(5))) {
            connection.send(Map.of(ORDERED_1, 0L));
            assertThatThrownBy(connection::receive).isInstanceOf(IOException.class)
                    .hasMessageContaining("not a fetch answer");
        }
    }

    @Test
    void aBrokerThatThrottlesTheAuditIsAskedAgainOnlyAfterTheTimeItSays() throws Exception {
        FakeBroker broker = broker((header, request) -> FakeBroker.framed(answer(request, MemoryRecords.EMPTY, 400),
                header.correlationId()));
        try (FetchConnection connection = broker.connect(Duration.ofSeconds(5))) {
            connection.send(Map.of(ORDERED_1, 0L));
            connection.receive();
            long start = System.nanoTime();
            connection.send(Map.of(ORDERED_1, 0L));

            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(300L, 5_000L);
            connection.receive();
            assertThat(broker.requests).hasSize(2);
        }
    }

    @Test
    void aThrottleLongerThanTheTimeoutHoldsTheNextRequestOnlyTheTimeout() throws Exception {
        FakeBroker broker = broker((header, request) -> FakeBroker.framed(answer(request, MemoryRecords.EMPTY,
                Integer.MAX_VALUE), header.correlationId()));
        try (FetchConnection connection = broker.connect(Duration.ofMillis(500))) {
            connection.send(Map.of(ORDERED_1, 0L));
            connection.receive();
            long start = System.nanoTime();

            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> connection.send(Map.of(ORDERED_1, 0L)),
                    "a broken broker's 2^31 ms throttle would have held the audit 24 days");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(400L, 5_000L);
        }
    }

    @Test
    void aBrokerThatDoesNotFetchInVersion12IsRefusedSayingSo() throws Exception {
        FakeBroker broker = broker((header, request) -> FakeBroker.SILENT);
        broker.fetchVersions = new short[] {0, 11};

        assertThatThrownBy(() -> broker.connect(Duration.ofSeconds(5))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("versions 0-11").hasMessageContaining("version 12");
        assertThat(broker.requests).isEmpty(); // nothing fetched
    }

    @Test
    void anAnswerSentAByteAtATimeIsNotWaitedForPastTheTimeout() throws Exception {
        FakeBroker broker = broker((header, request) -> FakeBroker.framed(answer(request, MemoryRecords.withRecords(
                0L, Compression.NONE, new SimpleRecord(new byte[2_000])), 0), header.correlationId()));
        try (FetchConnection connection = broker.connect(Duration.ofMillis(300))) {
            broker.dripMillis = 5; // each byte well within the socket's timeout, the whole answer not
            connection.send(Map.of(ORDERED_1, 0L));
            long start = System.nanoTime();

            assertThatThrownBy(connection::receive).isInstanceOf(SocketTimeoutException.class)
                    .hasMessageContaining("bytes within 800 ms");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(700L, 3_000L);
        }
    }

    @Test
    void noAnswerWithinTheTimeoutIsAnError() throws Exception {
        FakeBroker broker = broker((header, request) -> FakeBroker.SILENT);
        try (FetchConnection connection = broker.connect(Duration.ofMillis(300))) {
            connection.send(Map.of(ORDERED_1, 0L));
            long start = System.nanoTime();
            assertThatThrownBy(connection::receive).isInstanceOf(SocketTimeoutException.class);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(300L, 5_000L);
        }
    }

    /** The answer a broker gives: the records for the first partition asked for, "not the leader" for the rest. */
    private static FetchResponseData answer(FetchRequest request, MemoryRecords records, int throttleMillis) {
        FetchResponseData data = new FetchResponseData().setThrottleTimeMs(throttleMillis);
        boolean first = true;
        for (TopicIdPartition partition : request.fetchData(Map.of()).keySet()) {
            FetchResponseData.PartitionData answer = new FetchResponseData.PartitionData()
                    .setPartitionIndex(partition.partition()).setHighWatermark(100).setLastStableOffset(100)
                    .setErrorCode(first ? Errors.NONE.code() : Errors.NOT_LEADER_OR_FOLLOWER.code())
                    .setRecords(first ? records : MemoryRecords.EMPTY);
            first = false;
            data.responses().add(new FetchResponseData.FetchableTopicResponse().setTopic(partition.topic())
                    .setPartitions(List.of(answer)));
        }
        return data;
    }

    private FakeBroker broker(BiFunction<RequestHeader, FetchRequest, @Nullable ByteBuffer> answers)
            throws IOException {
        FakeBroker broker = new FakeBroker(1, answers);
        brokers.add(broker);
        return broker;
    }
}
