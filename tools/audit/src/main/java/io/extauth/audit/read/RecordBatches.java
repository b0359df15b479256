package io.extauth.audit.read;

import io.extauth.messaging.cloudevents.CloudEventCodec;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.message.FetchResponseData.AbortedTransaction;
import org.apache.kafka.common.record.ControlRecordType;
import org.apache.kafka.common.record.DefaultRecord;
import org.apache.kafka.common.record.DefaultRecordBatch;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.utils.BufferSupplier;
import org.apache.kafka.common.utils.ByteUtils;
import org.apache.kafka.common.utils.CloseableIterator;
import org.jspecify.annotations.Nullable;

/**
 * The records of one partition's part of a fetch response, as a {@code read_committed} consumer is handed them: the
 * batches' records from the offset fetched and before the end offset, without the control batches (transaction
 * markers) or the batches of aborted transactions (the rules of the client's {@code CompletedFetch}). An uncompressed
 * batch of the current record format is read where the response holds it ({@link RawRecord}); any other (compressed,
 * or an older format) is decoded by the client's own code. A batch cut short at the end of the response is left for
 * the next fetch, which starts at {@link #nextOffset}.
 */
final class RecordBatches {

    /** Where each record of the current format follows its batch's fixed fields. */
    private static final int RECORDS_AT = DefaultRecordBatch.RECORD_BATCH_OVERHEAD;

    /** What the records read are handed to, in their order. */
    interface Sink {

        /** A record read in place: a view, read now, kept by nobody. */
        void raw(RawRecord record);

        /** A record the client decoded (a compressed batch, an older format). */
        void decoded(ConsumerRecord<ByteBuffer, ByteBuffer> record);

        /** A record of a compressed batch not decoded: {@code reason} says why. */
        void unreadable(long offset, String reason);
    }

    /**
     * The largest record of a compressed batch that is decoded, four times the services' 256 KiB: a record that
     * expands past it is skipped, not held. The client's decoder allocates what a record says it holds before it reads
     * it, so a batch of a few kilobytes that expands to a gigabyte (zeros compress 1,000 to 1) was an
     * {@link OutOfMemoryError} of the audit.
     */
    static final int MAX_DECODED_RECORD_BYTES = 4 * CloudEventCodec.MAX_VALUE_BYTES;

    private RecordBatches() {
    }

    /** The offset the next fetch of this partition starts at: past the last whole batch, else where this one did. */
    static long nextOffset(MemoryRecords records, long fetched) {
        long next = fetched;
        for (RecordBatch batch : records.batches()) {
            next = Math.max(next, batch.nextOffset());
        }
        return next;
    }

    /**
     * Hands {@code sink} every record of {@code records} a {@code read_committed} consumer that fetched from
     * {@code fetched} would be handed, up to (not including) {@code end}, in their order.
     */
    static void read(MemoryRecords records, String topic, int partition, long fetched, long end,
            @Nullable List<AbortedTransaction> abortedTransactions, Sink sink) {
        ByteBuffer buffer = records.buffer();
        if (!buffer.hasArray()) {
            throw new IllegalArgumentException("records not on the heap");
        }
        RawRecord raw = new RawRecord(buffer.array(), topic, partition);
        Aborted aborted = new Aborted(abortedTransactions);
        int at = buffer.arrayOffset() + buffer.position();
        for (MutableRecordBatch batch : records.batches()) {
            int batchAt = at;
            at += batch.sizeInBytes();
            // every batch counts for the aborted transactions (an abort marker before the offset fetched ends one),
            // as in the client
            boolean dropped = aborted.skips(batch) || batch.isControlBatch();
            if (dropped || batch.lastOffset() < fetched || batch.baseOffset() >= end) {
                continue;
            }
            // as the client checks it (check.crcs, on by default): a byte changed on a disk or a broker's way would
            // be read as the event's own ("consecutiveFailures":4 read as 5), or fail below as something else
            batch.ensureValid();
            if (batch instanceof DefaultRecordBatch current && current.magic() == RecordBatch.MAGIC_VALUE_V2
                    && !current.isCompressed()) {
                Long logAppendTime = batch.timestampType() == TimestampType.LOG_APPEND_TIME ? batch.maxTimestamp()
                        : null;
                Integer count = batch.countOrNull();
                int recordAt = batchAt + RECORDS_AT;
                for (int i = 0; i < (count == null ? 0 : count); i++) {
                    recordAt = raw.moveTo(recordAt, at, current.baseOffset(), current.baseTimestamp(), logAppendTime);
                    if (raw.offset() >= fetched && raw.offset() < end) {
                        sink.raw(raw);
                    }
                }
                if (recordAt != at) {
                    // as the client refuses it: the records do not fill the batch they are said to make up
                    throw new CorruptRecordException(topic + "-" + partition + ": the batch at offset "
                            + batch.baseOffset() + " declares " + batch.sizeInBytes() + " bytes, its " + count
                            + " records end " + (at - recordAt) + " bytes before that");
                }
            } else if (batch instanceof DefaultRecordBatch current && current.magic() == RecordBatch.MAGIC_VALUE_V2) {
                decodedWithin(current, topic, partition, fetched, end, sink);
            } else {
                decoded(batch, topic, partition, fetched, end, sink);
            }
        }
    }

    /**
     * A compressed batch of the current format, decoded as the client decodes it, record by record, except that a
     * record that says it expands past {@link #MAX_DECODED_RECORD_BYTES} is read past, not into memory.
     */
    private static void decodedWithin(DefaultRecordBatch batch, String topic, int partition, long fetched, long end,
            Sink sink) {
        Integer count = batch.countOrNull();
        Long logAppendTime = batch.timestampType() == TimestampType.LOG_APPEND_TIME ? batch.maxTimestamp() : null;
        try (InputStream in = batch.recordInputStream(BufferSupplier.NO_CACHING)) {
            for (int i = 0; i < (count == null ? 0 : count); i++) {
                int size = ByteUtils.readVarint(in);
                if (size < 0) {
                    throw corrupt(topic, partition, batch, "a record of " + size + " bytes");
                }
                if (size > MAX_DECODED_RECORD_BYTES) {
                    // its offset is the third of its fields: attributes, timestamp delta, offset delta
                    CountingInput head = new CountingInput(in);
                    head.read();
                    ByteUtils.readVarlong(head);
                    long offset = batch.baseOffset() + ByteUtils.readVarint(head);
                    skipFully(in, size - head.count(), topic, partition, batch);
                    if (offset >= fetched && offset < end) {
                        sink.unreadable(offset, "record of " + size + " bytes uncompressed exceeds the "
                                + MAX_DECODED_RECORD_BYTES + " the audit decodes (the services' limit is "
                                + CloudEventCodec.MAX_VALUE_BYTES + ")");
                    }
                    continue;
                }
                ByteBuffer whole = ByteBuffer.allocate(ByteUtils.sizeOfVarint(size) + size);
                ByteUtils.writeVarint(size, whole);
                if (in.readNBytes(whole.array(), whole.position(), size) != size) {
                    throw corrupt(topic, partition, batch, "a record cut short");
                }
                DefaultRecord record = DefaultRecord.readFrom(whole.rewind(), batch.baseOffset(),
                        batch.baseTimestamp(), batch.baseSequence(), logAppendTime);
                if (record.offset() >= fetched && record.offset() < end) {
                    sink.decoded(new ConsumerRecord<>(topic, partition, record.offset(), record.timestamp(),
                            batch.timestampType(), record.keySize(), record.valueSize(), record.key(),
                            record.value(), new RecordHeaders(record.headers()), Optional.empty()));
                }
            }
            if (in.read() >= 0) {
                // as the client refuses it ("records still remaining")
                throw corrupt(topic, partition, batch, "more than its " + count + " records");
            }
        } catch (IOException e) {
            throw new CorruptRecordException(topic + "-" + partition + ": the compressed batch at offset "
                    + batch.baseOffset() + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static void skipFully(InputStream in, long bytes, String topic, int partition, DefaultRecordBatch batch)
            throws IOException {
        long left = bytes;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw corrupt(topic, partition, batch, "a record cut short");
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }

    private static CorruptRecordException corrupt(String topic, int partition, RecordBatch batch, String what) {
        return new CorruptRecordException(topic + "-" + partition + ": the compressed batch at offset "
                + batch.baseOffset() + " holds " + what);
    }

    /** The bytes read through it, counted. */
    private static final class CountingInput extends FilterInputStream {

        private long count;

        CountingInput(InputStream in) {
            super(in);
        }

        long count() {
            return count;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b < 0) {
                throw new EOFException();
            }
            count++;
            return b;
        }
    }

    private static void decoded(MutableRecordBatch batch, String topic, int partition, long fetched, long end,
            Sink sink) {
        try (CloseableIterator<Record> iterator = batch.streamingIterator(BufferSupplier.NO_CACHING)) {
            while (iterator.hasNext()) {
                Record record = iterator.next();
                if (record.offset() < fetched || record.offset() >= end) {
                    continue;
                }
                TimestampType type = batch.timestampType();
                sink.decoded(new ConsumerRecord<>(topic, partition, record.offset(), record.timestamp(), type,
                        record.keySize(), record.valueSize(), record.key(), record.value(),
                        new RecordHeaders(record.headers()), Optional.empty()));
            }
        }
    }

    /**
     * The aborted transactions of a fetch response, as the client's {@code CompletedFetch} follows them: a producer's
     * transactional batches are dropped from its aborted transaction's first offset until its abort marker.
     */
    private static final class Aborted {

        private final PriorityQueue<AbortedTransaction> pending = new PriorityQueue<>(
                Comparator.comparingLong(AbortedTransaction::firstOffset));
        private final Set<Long> producers = new HashSet<>();

        Aborted(@Nullable List<AbortedTransaction> transactions) {
            if (transactions != null) {
                pending.addAll(transactions);
            }
        }

        /** Whether the batch is dropped: one of an aborted transaction, or its abort marker. */
        boolean skips(RecordBatch batch) {
            if (!batch.hasProducerId()) {
                return false;
            }
            while (!pending.isEmpty() && pending.peek().firstOffset() <= batch.lastOffset()) {
                producers.add(pending.poll().producerId());
            }
            if (batch.isControlBatch()) {
                if (isAbortMarker(batch)) {
                    producers.remove(batch.producerId());
                }
                return true;
            }
            return batch.isTransactional() && producers.contains(batch.producerId());
        }

        private static boolean isAbortMarker(RecordBatch batch) {
            Iterator<Record> records = batch.iterator();
            return records.hasNext() && ControlRecordType.parse(records.next().key()) == ControlRecordType.ABORT;
        }
    }
}
