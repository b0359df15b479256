package io.extauth.bench.scenario;

import io.extauth.bench.report.Row;
import io.extauth.bench.report.ScenarioResult;
import io.extauth.contract.ContractJson;
import io.extauth.contract.EventTypes;
import io.extauth.contract.ExtauthEvent;
import io.extauth.messaging.cloudevents.CloudEventCodec;
import io.extauth.messaging.cloudevents.EventJson;
import io.extauth.messaging.cloudevents.OutgoingEvent;
import io.extauth.messaging.consumer.BatchedInbound;
import io.extauth.messaging.consumer.DatabaseProbe;
import io.extauth.messaging.consumer.EventHandlers;
import io.extauth.messaging.consumer.InboundEvents;
import io.extauth.messaging.inbox.Inbox;
import io.extauth.messaging.tracing.EventTracing;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.messaging.Message;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.SimpleTransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * What reading one incoming record costs in the messaging kit, without a stack: {@code --codec-records} events of each
 * contract type, written by the kit's own writer (the contract's JSON, {@code CloudEventCodec.toRecord}), go through
 * the kit's read path as a service's listener container hands them over — {@link BatchedInbound} in polls of
 * {@value #POLL} records, {@link InboundEvents#process} per record (CloudEvent headers, data to the contract record,
 * checks) and a handler that only takes the event. The database is replaced by stand-ins that do nothing (an inbox
 * for which every event is new, a transaction manager without transactions), so the figures are the kit's own: CPU
 * nanoseconds and bytes allocated per record on this thread (ThreadMXBean), the median of {@code --codec-rounds}
 * rounds after as many rounds of warm-up.
 */
public final class CodecScenario {

    public static final String NAME = "codec";
    public static final String TITLE = "Codec: reading one incoming record in the messaging kit; an event's data"
            + " written and read back (no stack)";
    static final int POLL = 100;
    static final String ALL_TYPES = "all types, interleaved";
    static final List<String> WRITE_AND_READ = List.of("write data: Jackson (writeValueAsString)",
            "write data: kit (EventJson.write)", "read stored data: Jackson (readValue)",
            "read stored data: kit (EventJson.read)");

    private final int recordsPerType;
    private final int rounds;
    private final PrintStream progress;
    private final InboundEvents events = new InboundEvents(new EveryEventIsNew(),
            new TransactionTemplate(new NoTransactions()), "bench-codec", EventTracing.NONE,
            new DatabaseProbe(() -> true)); // no database here, and nothing fails
    private final BatchedInbound inbound = new BatchedInbound(events);
    private final EventHandlers handlers = EventHandlers.create();
    private long taken;
    /** What the write and read rounds produce, kept so that the JIT cannot leave their work out. */
    private long sink;

    public CodecScenario(int recordsPerType, int rounds, PrintStream progress) {
        this.recordsPerType = recordsPerType;
        this.rounds = rounds;
        this.progress = progress;
        for (String type : EventTypes.names()) {
            take(EventTypes.classOf(type).orElseThrow());
        }
    }

    public ScenarioResult run() {
        Map<String, List<ConsumerRecord<String, byte[]>>> byType = new LinkedHashMap<>();
        List<ConsumerRecord<String, byte[]>> interleaved = new ArrayList<>();
        for (int n = 0; n < recordsPerType; n++) {
            for (ExtauthEvent event : ContractEvents.all(n)) {
                ConsumerRecord<String, byte[]> record = written(event, n);
                byType.computeIfAbsent(event.eventType(), type -> new ArrayList<>()).add(record);
                interleaved.add(record);
            }
        }
        progress.println("bench: codec: " + interleaved.size() + " records, " + rounds + " rounds of warm-up and "
                + rounds + " measured");
        List<Row> rows = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Map<String, Object> details = new LinkedHashMap<>();
        // the whole set first without measuring, so that the JIT has compiled the path for every type
        for (int i = 0; i < rounds; i++) {
            feed(interleaved);
        }
        measure(ALL_TYPES, interleaved, rows, notes, details);
        byType.forEach((type, records) -> measure(type, records, rows, notes, details));
        writeAndStore(rows, notes, details);
        notes.add(String.format(Locale.ROOT, "median of %d rounds after %d rounds of warm-up (and as many of all"
                + " types before); %d records of each type per round, polls of %d; CPU and allocation of this thread"
                + " (ThreadMXBean); the database is a stand-in that does nothing", rounds, rounds, recordsPerType,
                POLL));
        return new ScenarioResult(NAME, TITLE, ScenarioResult.Status.RAN, rows, notes, details);
    }

    /**
     * The other JSON per event on the order path, Jackson's way (as before issue 14's fifth pass) and the kit's, one
     * after the other in this process: the outbox writing an event's data, and the mail worker reading back the
     * event data its handler stored.
     */
    private void writeAndStore(List<Row> rows, List<String> notes, Map<String, Object> details) {
        List<ExtauthEvent> events = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (int n = 0; n < recordsPerType; n++) {
            for (ExtauthEvent event : ContractEvents.all(n)) {
                events.add(event);
                texts.add(EventJson.write(event));
            }
        }
        JsonMapper jackson = ContractJson.mapper();
        measure(WRITE_AND_READ.get(0), events.size(), () -> events.forEach(event -> {
            sink += jackson.writeValueAsString(event).length();
        }), rows, notes, details);
        measure(WRITE_AND_READ.get(1), events.size(), () -> events.forEach(event -> {
            sink += EventJson.write(event).length();
        }), rows, notes, details);
        measure(WRITE_AND_READ.get(2), events.size(), () -> {
            for (int i = 0; i < events.size(); i++) {
                sink += jackson.readValue(texts.get(i), events.get(i).getClass()).hashCode();
            }
        }, rows, notes, details);
        measure(WRITE_AND_READ.get(3), events.size(), () -> {
            for (int i = 0; i < events.size(); i++) {
                sink += EventJson.read(texts.get(i), events.get(i).getClass()).hashCode();
            }
        }, rows, notes, details);
    }

    private void measure(String label, List<ConsumerRecord<String, byte[]>> records, List<Row> rows,
            List<String> notes, Map<String, Object> details) {
        long[] taken0 = new long[1];
        measure(label, records.size(), () -> {
            taken0[0] = taken;
            feed(records);
            if (taken - taken0[0] != records.size()) {
                throw new IllegalStateException(label + ": " + (taken - taken0[0]) + " of " + records.size()
                        + " records reached their handler");
            }
        }, rows, notes, details);
    }

    /** CPU and allocation per record of {@code round}, which handles {@code size} records, median of the rounds. */
    private void measure(String label, int size, Runnable round, List<Row> rows, List<String> notes,
            Map<String, Object> details) {
        for (int i = 0; i < rounds; i++) {
            round.run();
        }
        long[] nanos = new long[rounds];
        long[] bytes = new long[rounds];
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory
                .getThreadMXBean();
        for (int i = 0; i < rounds; i++) {
            long cpu = threads.getCurrentThreadCpuTime();
            long allocated = threads.getCurrentThreadAllocatedBytes();
            round.run();
            nanos[i] = threads.getCurrentThreadCpuTime() - cpu;
            bytes[i] = threads.getCurrentThreadAllocatedBytes() - allocated;
        }
        double nsPerRecord = (double) median(nanos) / size;
        double bytesPerRecord = (double) median(bytes) / size;
        rows.add(Row.rate(label, (long) size * rounds, 1e9 / nsPerRecord, "records/s of CPU"));
        notes.add(String.format(Locale.ROOT, "%s: %,.0f ns (rounds %,.0f-%,.0f) and %,.0f bytes per record", label,
                nsPerRecord, (double) Arrays.stream(nanos).min().orElseThrow() / size,
                (double) Arrays.stream(nanos).max().orElseThrow() / size, bytesPerRecord));
        details.put(label, Map.of("nsPerRecord", nsPerRecord, "bytesPerRecord", bytesPerRecord,
                "recordsPerRound", size));
    }

    /** The records in polls, as a listener container hands them to the services' listeners. */
    private void feed(List<ConsumerRecord<String, byte[]>> records) {
        for (int from = 0; from < records.size(); from += POLL) {
            List<ConsumerRecord<String, byte[]>> poll = records.subList(from, Math.min(records.size(), from + POLL));
            List<Message<?>> messages = Collections.nCopies(poll.size(), null);
            inbound.adapt(messages, poll, null, null,
                    (record, ack, consumer, message) -> events.process(record, handlers));
        }
    }

    private <E extends ExtauthEvent> void take(Class<E> type) {
        handlers.on(type, (event, envelope) -> taken++);
    }

    /** The record the outbox relay sends for {@code event}: the contract's JSON in the kit's binary CloudEvent. */
    static ConsumerRecord<String, byte[]> written(ExtauthEvent event, int n) {
        String topic = EventTypes.topicOf(event);
        ProducerRecord<String, byte[]> sent = CloudEventCodec.toRecord(topic, new OutgoingEvent(
                UUID.randomUUID().toString(), event.eventType(), "/bench", Instant.now(), event.userId(),
                event.userId(), ContractJson.mapper().writeValueAsString(event)));
        ConsumerRecord<String, byte[]> received = new ConsumerRecord<>(topic, n % 3, n, sent.key(), sent.value());
        sent.headers().forEach(header -> received.headers().add(header));
        return received;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** The inbox stand-in: every event is new, nothing is stored. */
    private static final class EveryEventIsNew extends Inbox {

        EveryEventIsNew() {
            super(new JdbcTemplate(), Clock.systemUTC());
        }

        @Override
        public Set<String> firstDeliveries(String consumer, List<Delivery> deliveries) {
            Set<String> ids = new HashSet<>();
            deliveries.forEach(delivery -> ids.add(delivery.eventId()));
            return ids;
        }
    }

    /** The transaction stand-in: runs the callback, commits nothing. */
    private static final class NoTransactions implements PlatformTransactionManager {

        @Override
        public TransactionStatus getTransaction(TransactionDefinition definition) {
            return new SimpleTransactionStatus();
        }

        @Override
        public void commit(TransactionStatus status) {
        }

        @Override
        public void rollback(TransactionStatus status) {
        }
    }
}
