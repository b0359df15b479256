package io.extauth.audit.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.SimpleRecord;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.RequestUtils;
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

    @Test
    void asksForThePartitionsFromTheirOffsetsReadCommittedAndTakesTheirRecords() throws Exception {
        MemoryRecords records = MemoryRecords.withRecords(40L, Compression.NONE, new SimpleRecord(5L, null,
                "a".getBytes()), new SimpleRecord(6L, null, "b".getBytes()));
        try (Broker broker = new Broker(request -> answer(request, records))) {
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
    }

    @Test
    void anAnswerThatIsNotKafkasIsAnError() throws Exception {
        try (Broker broker = new Broker(request -> {
            ByteBuffer nonsense = ByteBuffer.allocate(4);
            nonsense.putInt(Integer.MAX_VALUE).flip();
            return nonsense;
        }); FetchConnection connection = broker.connect(Duration.ofSeconds(5))) {
            connection.send(Map.of(ORDERED_1, 0L));
            assertThatThrownBy(connection::receive).isInstanceOf(IOException.class)
                    .hasMessageContaining("not a Kafka fetch answer");
        }
    }

    @Test
    void anAnswerToAnotherRequestIsAnError() throws Exception {
        try (Broker broker = new Broker(request -> sized(answer(request, MemoryRecords.EMPTY, 99)));
                FetchConnection connection = broker.connect(Duration.ofSeconds(5))) {
            connection.send(Map.of(ORDERED_1, 0L));
            assertThatThrownBy(connection::receive).isInstanceOf(IOException.class)
                    .hasMessageContaining("answered request 99, not 1");
        }
    }

    @Test
    void noAnswerWithinTheTimeoutIsAnError() throws Exception {
        try (Broker broker = new Broker(request -> null);
                FetchConnection connection = broker.connect(Duration.ofMillis(300))) {
            connection.send(Map.of(ORDERED_1, 0L));
            long start = System.nanoTime();
            assertThatThrownBy(connection::receive).isInstanceOf(SocketTimeoutException.class);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(300L, 5_000L);
        }
    }

    /** The answer a broker gives: the records for the first partition asked for, "not the leader" for the rest. */
    private static ByteBuffer answer(FetchRequest request, MemoryRecords records) {
        return sized(answer(request, records, -1));
    }

    private static ByteBuffer answer(FetchRequest request, MemoryRecords records, int correlationId) {
        FetchResponseData data = new FetchResponseData();
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
        return RequestUtils.serialize(new ResponseHeaderData().setCorrelationId(correlationId),
                ApiKeys.FETCH.responseHeaderVersion(FetchConnection.VERSION), data, FetchConnection.VERSION);
    }

    private static ByteBuffer sized(ByteBuffer body) {
        ByteBuffer framed = ByteBuffer.allocate(4 + body.remaining());
        framed.putInt(body.remaining()).put(body).flip();
        return framed;
    }

    /** A stand-in broker: takes one connection, and answers each fetch with what {@code answers} makes of it. */
    private static final class Broker implements AutoCloseable {

        private final ServerSocket server = new ServerSocket(0);
        private final List<FetchRequest> requests = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final CompletableFuture<Void> serving;

        Broker(Function<FetchRequest, ByteBuffer> answers) throws IOException {
            serving = CompletableFuture.runAsync(() -> {
                try (Socket socket = server.accept()) {
                    DataInputStream in = new DataInputStream(socket.getInputStream());
                    DataOutputStream out = new DataOutputStream(socket.getOutputStream());
                    while (true) {
                        byte[] bytes = new byte[in.readInt()];
                        in.readFully(bytes);
                        ByteBuffer buffer = ByteBuffer.wrap(bytes);
                        RequestHeader header = RequestHeader.parse(buffer);
                        FetchRequest request = FetchRequest.parse(new ByteBufferAccessor(buffer),
                                header.apiVersion());
                        requests.add(request);
                        ByteBuffer answer = answers.apply(request);
                        if (answer == null) {
                            continue; // never answers
                        }
                        if (answer.getInt(0) != Integer.MAX_VALUE && answer.remaining() > 8
                                && answer.getInt(4) == -1) {
                            answer.putInt(4, header.correlationId()); // the answer to this request
                        }
                        out.write(answer.array(), answer.arrayOffset() + answer.position(), answer.remaining());
                        out.flush();
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
        }

        FetchConnection connect(Duration timeout) throws IOException {
            return new FetchConnection(new Node(1, "127.0.0.1", server.getLocalPort()), "test", timeout);
        }

        @Override
        public void close() throws IOException {
            server.close();
            serving.cancel(true);
        }
    }
}
