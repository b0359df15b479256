package io.extauth.audit.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.requests.FetchRequest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, fifty-third pass: the audit fetches from each partition's leader itself. Against stand-in brokers on
 * sockets: every record is read once over many answers; a partition whose leader moves, and every partition of a
 * broker that hangs up mid-read, is read on from the new leader where it stopped, nothing lost or read twice;
 * records deleted before they were read are skipped and named; an answer's partition that was not asked for is
 * ignored; a partition without a leader makes the read pause, not spin; an error that is not a moment's trouble stops
 * the read, naming it.
 */
class LeaderFetchesUnitTest {

    private static final TopicPartition P0 = new TopicPartition("auth.ordered", 0);
    private static final TopicPartition P1 = new TopicPartition("auth.ordered", 1);
    private static final int BATCHES = 10;
    private static final int PER_BATCH = 5;
    private static final long END = BATCHES * PER_BATCH;

    private final List<FakeBroker> brokers = new ArrayList<>();
    private final Map<TopicPartition, List<Long>> read = new ConcurrentHashMap<>();

    @AfterEach
    void stopBrokers() throws IOException {
        for (FakeBroker broker : brokers) {
            broker.close();
        }
    }

    @Test
    void everyRecordIsReadOnceOverManyAnswers() throws Exception {
        FakeBroker broker = broker(1, request -> log(request, 2, Map.of()));

        LeaderFetches fetches = fetches(partition -> broker.node(), Set.of(P0, P1));
        run(fetches, Set.of(P0, P1));

        assertThat(read.get(P0)).containsExactlyElementsOf(all());
        assertThat(read.get(P1)).containsExactlyElementsOf(all());
        assertThat(broker.requests).hasSizeGreaterThanOrEqualTo(BATCHES / 2);
    }

    @Test
    void aPartitionWhoseLeaderMovedIsReadOnFromTheNewLeaderWhereItStopped() throws Exception {
        AtomicInteger answered = new AtomicInteger();
        FakeBroker first = broker(1, request -> answered.incrementAndGet() <= 2 ? log(request, 1, Map.of())
                : log(request, 1, Map.of(P0, Errors.NOT_LEADER_OR_FOLLOWER)));
        FakeBroker second = broker(2, request -> log(request, 1, Map.of()));
        AtomicReference<Node> leaderOfP0 = new AtomicReference<>(first.node());

        LeaderFetches fetches = fetches(partition -> partition.equals(P0) ? leaderOfP0.get() : first.node(),
                Set.of(P0, P1));
        // the read starts with the first broker as P0's leader; by the time that broker says it no longer is, the
        // metadata names the second
        leaderOfP0.set(second.node());
        run(fetches, Set.of(P0, P1));

        assertThat(read.get(P0)).containsExactlyElementsOf(all());
        assertThat(read.get(P1)).containsExactlyElementsOf(all());
        long movedAt = second.requests.get(0).fetchData(Map.of()).get(new TopicIdPartition(
                org.apache.kafka.common.Uuid.ZERO_UUID, P0)).fetchOffset;
        assertThat(movedAt).isPositive().isLessThan(END);
        assertThat(fetches.lastFailure()).contains("NOT_LEADER_OR_FOLLOWER");
    }

    @Test
    void aBrokerThatHangsUpMidReadLosesNothing() throws Exception {
        AtomicInteger answered = new AtomicInteger();
        FakeBroker first = broker(1, request -> answered.incrementAndGet() <= 3 ? log(request, 1, Map.of()) : null);
        FakeBroker second = broker(2, request -> log(request, 1, Map.of()));
        AtomicReference<Node> leader = new AtomicReference<>(first.node());

        LeaderFetches fetches = fetches(partition -> leader.get(), Set.of(P0, P1));
        Map<TopicPartition, Long> position = start(Set.of(P0, P1));
        for (int round = 0; round < 3; round++) {
            fetches.fetchOnce(position, handed());
        }
        assertThat(position.values()).allMatch(offset -> offset > 0 && offset < END);
        leader.set(second.node()); // elected once the first is gone
        run(fetches, position);

        assertThat(read.get(P0)).containsExactlyElementsOf(all());
        assertThat(read.get(P1)).containsExactlyElementsOf(all());
        assertThat(second.requests).isNotEmpty();
        assertThat(fetches.lastFailure()).contains("127.0.0.1");
    }

    @Test
    void recordsDeletedBeforeTheyWereReadAreSkippedAndNamed() throws Exception {
        FakeBroker broker = broker(1, request -> {
            long offset = offset(request, P0);
            if (offset < 10) {
                FetchResponseData answer = new FetchResponseData();
                answer.responses().add(new FetchResponseData.FetchableTopicResponse().setTopic(P0.topic())
                        .setPartitions(List.of(new FetchResponseData.PartitionData().setPartitionIndex(0)
                                .setErrorCode(Errors.OFFSET_OUT_OF_RANGE.code()).setLogStartOffset(10)
                                .setRecords(MemoryRecords.EMPTY))));
                return answer;
            }
            return log(request, 2, Map.of());
        });

        LeaderFetches fetches = fetches(partition -> broker.node(), Set.of(P0));
        run(fetches, Set.of(P0));

        assertThat(read.get(P0)).containsExactlyElementsOf(LongStream.range(10, END).boxed().toList());
        assertThat(fetches.deleted()).containsExactly("auth.ordered-0 offsets 0-9");
    }

    @Test
    void anAnswersPartitionThatWasNotAskedForIsIgnored() throws Exception {
        FakeBroker broker = broker(1, request -> {
            FetchResponseData answer = log(request, 2, Map.of());
            // and records of P1, which nobody asked this broker for
            answer.responses().add(new FetchResponseData.FetchableTopicResponse().setTopic(P1.topic())
                    .setPartitions(List.of(new FetchResponseData.PartitionData().setPartitionIndex(1)
                            .setRecords(batch(0)))));
            return answer;
        });

        LeaderFetches fetches = fetches(partition -> broker.node(), Set.of(P0));
        run(fetches, Set.of(P0));

        assertThat(read.get(P0)).containsExactlyElementsOf(all());
        assertThat(read).doesNotContainKey(P1);
    }

    @Test
    void aPartitionWithoutALeaderMakesTheReadPauseNotSpin() {
        AtomicInteger lookups = new AtomicInteger();
        LeaderFetches fetches = new LeaderFetches(topics -> {
            lookups.incrementAndGet();
            return Map.of();
        }, broker -> {
            throw new IOException("nobody to connect to");
        }, Map.of(), new HashSet<>(Set.of(P0)), Map.of(P0, END));
        Map<TopicPartition, Long> position = new HashMap<>(Map.of(P0, 0L));

        long start = System.nanoTime();
        for (int round = 0; round < 3; round++) {
            assertThat(fetches.fetchOnce(position, handed())).isFalse();
        }
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(millis).isGreaterThanOrEqualTo(3 * 100);
        assertThat(lookups.get()).isEqualTo(3);
    }

    @Test
    void anErrorThatIsNotAMomentsTroubleStopsTheReadNamingIt() throws Exception {
        FakeBroker broker = broker(1, request -> log(request, 2, Map.of(P0, Errors.TOPIC_AUTHORIZATION_FAILED)));

        LeaderFetches fetches = fetches(partition -> broker.node(), Set.of(P0));

        assertThatThrownBy(() -> run(fetches, Set.of(P0))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("auth.ordered-0").hasMessageContaining("TOPIC_AUTHORIZATION_FAILED");
    }

    private FakeBroker broker(int id, Function<FetchRequest, @Nullable FetchResponseData> answers) throws IOException {
        FakeBroker broker = FakeBroker.answering(id, answers);
        brokers.add(broker);
        return broker;
    }

    private final Set<TopicPartition> remaining = ConcurrentHashMap.newKeySet();

    private LeaderFetches fetches(Function<TopicPartition, Node> leaderOf, Set<TopicPartition> partitions) {
        remaining.addAll(partitions);
        Map<TopicPartition, Long> end = new HashMap<>();
        partitions.forEach(partition -> end.put(partition, END));
        LeaderFetches.Leaders leaders = topics -> {
            Map<TopicPartition, Node> found = new HashMap<>();
            partitions.forEach(partition -> found.put(partition, leaderOf.apply(partition)));
            return found;
        };
        return new LeaderFetches(leaders, broker -> new FetchConnection(broker, "test", Duration.ofSeconds(2)),
                leaders.of(List.of()), remaining, end);
    }

    private static Map<TopicPartition, Long> start(Set<TopicPartition> partitions) {
        Map<TopicPartition, Long> position = new HashMap<>();
        partitions.forEach(partition -> position.put(partition, 0L));
        return position;
    }

    private void run(LeaderFetches fetches, Set<TopicPartition> partitions) {
        run(fetches, start(partitions));
    }

    private void run(LeaderFetches fetches, Map<TopicPartition, Long> position) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!remaining.isEmpty()) {
            assertThat(System.nanoTime()).as("read within 20 s").isLessThan(deadline);
            fetches.fetchOnce(position, handed());
        }
    }

    /** Reads each partition's records as the audit's parsers would, keeping their offsets. */
    private LeaderFetches.Handed handed() {
        return new LeaderFetches.Handed() {
            @Override
            public void records(TopicPartition partition, MemoryRecords records, long fetched, long end,
                    @Nullable List<FetchResponseData.AbortedTransaction> aborted, int heldBytes) {
                RecordBatches.read(records, partition.topic(), partition.partition(), fetched, end, aborted,
                        new RecordBatches.Sink() {
                            @Override
                            public void raw(RawRecord record) {
                                read.computeIfAbsent(partition, p -> new ArrayList<>()).add(record.offset());
                            }

                            @Override
                            public void decoded(ConsumerRecord<ByteBuffer, ByteBuffer> record) {
                                read.computeIfAbsent(partition, p -> new ArrayList<>()).add(record.offset());
                            }

                            @Override
                            public void unreadable(long offset, String reason) {
                                read.computeIfAbsent(partition, p -> new ArrayList<>()).add(offset);
                            }
                        });
            }

            @Override
            public void answered() {
                // all read at once
            }
        };
    }

    /**
     * The answer of a broker whose log of each partition is {@link #BATCHES} batches of {@link #PER_BATCH}
     * records: up to {@code most} batches from the offset asked for (the first one from its start), or the error.
     */
    private static FetchResponseData log(FetchRequest request, int most, Map<TopicPartition, Errors> errors) {
        FetchResponseData answer = new FetchResponseData();
        request.fetchData(Map.of()).forEach((partition, asked) -> {
            Errors error = errors.getOrDefault(partition.topicPartition(), Errors.NONE);
            MemoryRecords records = MemoryRecords.EMPTY;
            if (error == Errors.NONE) {
                int first = (int) (asked.fetchOffset / PER_BATCH);
                ByteBuffer joined = ByteBuffer.allocate(64 * 1024);
                for (int b = first; b < Math.min(BATCHES, first + most); b++) {
                    joined.put(batch(b).buffer());
                }
                joined.flip();
                records = MemoryRecords.readableRecords(joined);
            }
            answer.responses().add(new FetchResponseData.FetchableTopicResponse().setTopic(partition.topic())
                    .setPartitions(List.of(new FetchResponseData.PartitionData()
                            .setPartitionIndex(partition.partition()).setErrorCode(error.code())
                            .setHighWatermark(END).setLastStableOffset(END).setRecords(records))));
        });
        return answer;
    }

    private static long offset(FetchRequest request, TopicPartition partition) {
        return request.fetchData(Map.of()).entrySet().stream()
                .filter(entry -> entry.getKey().topicPartition().equals(partition))
                .mapToLong(entry -> entry.getValue().fetchOffset).findFirst().orElse(-1);
    }

    private static MemoryRecords batch(int index) {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(4096), Compression.NONE,
                TimestampType.CREATE_TIME, (long) index * PER_BATCH);
        for (int i = 0; i < PER_BATCH; i++) {
            builder.appendWithOffset((long) index * PER_BATCH + i, 1_000L, null, ("v" + i).getBytes());
        }
        return builder.build();
    }

    private static List<Long> all() {
        return LongStream.range(0, END).boxed().toList();
    }
}
