package io.extauth.audit.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.record.DefaultRecordBatch;
import org.apache.kafka.common.utils.Crc32C;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.message.FetchResponseData.AbortedTransaction;
import org.apache.kafka.common.record.ControlRecordType;
import org.apache.kafka.common.record.EndTransactionMarker;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.TimestampType;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, fifty-third pass: the audit fetches the records itself and reads an uncompressed batch's records where the
 * fetch answer holds them. What it hands on is what the client's own decoding of the same batches gives, record by
 * record, and exactly the records a {@code read_committed} consumer is handed: from the offset fetched, before the
 * end offset, without transaction markers or aborted transactions, without a batch cut short at the answer's end.
 */
class RecordBatchesUnitTest {

    private static final Compression[] COMPRESSIONS = {Compression.NONE, Compression.gzip().build(),
        Compression.lz4().build(), Compression.zstd().build(), Compression.snappy().build()};

    @Test
    void eachRecordReadInPlaceIsWhatTheClientDecodesOfItsBatch() {
        SplittableRandom random = new SplittableRandom(53);
        int raw = 0;
        int decoded = 0;
        for (int round = 0; round < 200; round++) {
            List<MemoryRecords> batches = new ArrayList<>();
            long offset = random.nextInt(1_000);
            for (int b = 0; b < 1 + random.nextInt(4); b++) {
                Compression compression = COMPRESSIONS[random.nextInt(COMPRESSIONS.length)];
                TimestampType type = random.nextBoolean() ? TimestampType.CREATE_TIME : TimestampType.LOG_APPEND_TIME;
                MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(64 * 1024),
                        RecordBatch.MAGIC_VALUE_V2, compression, type, offset, 1_700_000_000_000L + round,
                        RecordBatch.NO_PRODUCER_ID, RecordBatch.NO_PRODUCER_EPOCH, RecordBatch.NO_SEQUENCE, false,
                        RecordBatch.NO_PARTITION_LEADER_EPOCH);
                for (int r = 0; r < 1 + random.nextInt(20); r++) {
                    builder.appendWithOffset(offset++, 1_600_000_000_000L + random.nextInt(1_000_000),
                            maybe(random, randomBytes(random, 40)), maybe(random, randomBytes(random, 600)),
                            headers(random));
                }
                batches.add(builder.build());
            }
            MemoryRecords records = joined(batches);
            List<String> expected = new ArrayList<>();
            for (MutableRecordBatch batch : records.batches()) {
                for (Record record : batch) {
                    expected.add(describe(record.offset(), record.timestamp(), record.key(), record.value(),
                            Arrays.asList(record.headers())));
                }
            }
            Collected collected = read(records, 0, Long.MAX_VALUE, null);
            assertThat(collected.seen).isEqualTo(expected);
            raw += collected.raw;
            decoded += collected.decoded;
        }
        assertThat(raw).as("records read in place").isGreaterThan(500);
        assertThat(decoded).as("records of compressed batches, decoded by the client").isGreaterThan(500);
    }

    @Test
    void aCompressedRecordThatExpandsPastWhatTheAuditDecodesIsReadPastNotIntoMemory() {
        // 2 MiB of zeros: a few kilobytes compressed; a gigabyte the same way was an OutOfMemoryError of the audit
        byte[] zeros = new byte[2 * 1024 * 1024];
        for (Compression compression : new Compression[] {Compression.gzip().build(), Compression.zstd().build(),
                Compression.lz4().build(), Compression.snappy().build()}) {
            MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(1024 * 1024), compression,
                    TimestampType.CREATE_TIME, 40);
            builder.appendWithOffset(40, 1_000L, bytes("k0"), bytes("v0"), new Header[0]);
            builder.appendWithOffset(41, 1_001L, bytes("k1"), zeros, new Header[0]);
            builder.appendWithOffset(42, 1_002L, bytes("k2"), bytes("v2"), new Header[0]);
            MemoryRecords records = builder.build();
            assertThat(records.sizeInBytes()).as("%s: compressed", compression.type()).isLessThan(256 * 1024);

            Collected collected = read(records, 0, Long.MAX_VALUE, null);

            assertThat(collected.seen()).as(compression.type().name).hasSize(3);
            assertThat(collected.seen().get(0)).startsWith("40@");
            assertThat(collected.seen().get(1)).startsWith("41@unreadable: record of ")
                    .contains("bytes uncompressed exceeds the " + RecordBatches.MAX_DECODED_RECORD_BYTES);
            assertThat(collected.seen().get(2)).startsWith("42@");
            assertThat(collected.decoded()).isEqualTo(2);
            assertThat(offsets(read(records, 42, Long.MAX_VALUE, null))).as("before the offset fetched: not told")
                    .containsExactly(42L);
        }
    }

    @Test
    void onlyTheRecordsFromTheOffsetFetchedAndBeforeTheEndAreHandedOn() {
        MemoryRecords records = joined(List.of(batch(Compression.NONE, 10, 5), batch(Compression.NONE, 15, 5),
                batch(Compression.gzip().build(), 20, 5)));

        assertThat(offsets(read(records, 12, 22, null))).containsExactly(12L, 13L, 14L, 15L, 16L, 17L, 18L, 19L,
                20L, 21L);
        assertThat(offsets(read(records, 0, Long.MAX_VALUE, null))).hasSize(15).startsWith(10L).endsWith(24L);
        assertThat(RecordBatches.nextOffset(records, 12)).isEqualTo(25);
    }

    @Test
    void abortedTransactionsAndTheirMarkersAreLeftOutAsAReadCommittedConsumerLeavesThemOut() {
        // producer 7 commits offsets 0-2, producer 8 aborts 3-5, producer 9 writes 6-7 without a transaction, then 7
        // commits 8-9 and 8 aborts 10 after its marker... in one answer, as a broker sends it
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        append(buffer, transactional(7, 0, 3));
        append(buffer, transactional(8, 3, 3));
        append(buffer, marker(7, 6, ControlRecordType.COMMIT));
        append(buffer, batch(Compression.NONE, 7, 2));
        append(buffer, marker(8, 9, ControlRecordType.ABORT));
        append(buffer, transactional(7, 10, 2));
        append(buffer, transactional(8, 12, 1));
        append(buffer, marker(8, 13, ControlRecordType.ABORT));
        append(buffer, marker(7, 14, ControlRecordType.COMMIT));
        append(buffer, transactional(8, 15, 2)); // 8's next transaction, not (yet) aborted: kept
        buffer.flip();
        MemoryRecords records = MemoryRecords.readableRecords(buffer);
        List<AbortedTransaction> aborted = List.of(new AbortedTransaction().setProducerId(8).setFirstOffset(3),
                new AbortedTransaction().setProducerId(8).setFirstOffset(12));

        assertThat(offsets(read(records, 0, Long.MAX_VALUE, aborted))).containsExactly(0L, 1L, 2L, 7L, 8L, 10L, 11L,
                15L, 16L);
        // without the broker's list of aborted transactions nothing is aborted: only the markers are left out
        assertThat(offsets(read(records, 0, Long.MAX_VALUE, null))).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 7L, 8L,
                10L, 11L, 12L, 15L, 16L);
        assertThat(RecordBatches.nextOffset(records, 0)).isEqualTo(17);
    }

    @Test
    void anAbortMarkerBeforeTheOffsetFetchedStillEndsItsTransaction() {
        // producer 8 aborts 3-5 (its marker at 6), then commits 7-8 (marker at 9); an answer from the start of the
        // aborted transaction, read from 7, as the client reads it: the abort ended before 7, so 7-8 are kept
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        append(buffer, transactional(8, 3, 3));
        append(buffer, marker(8, 6, ControlRecordType.ABORT));
        append(buffer, transactional(8, 7, 2));
        append(buffer, marker(8, 9, ControlRecordType.COMMIT));
        buffer.flip();
        List<AbortedTransaction> aborted = List.of(new AbortedTransaction().setProducerId(8).setFirstOffset(3));

        assertThat(offsets(read(MemoryRecords.readableRecords(buffer), 7, Long.MAX_VALUE, aborted)))
                .containsExactly(7L, 8L);
    }

    @Test
    void anAbortedTransactionInCompressedBatchesIsLeftOutToo() {
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        append(buffer, transactional(8, 0, 3, Compression.lz4().build()));
        append(buffer, transactional(9, 3, 2, Compression.gzip().build()));
        append(buffer, marker(8, 5, ControlRecordType.ABORT));
        append(buffer, marker(9, 6, ControlRecordType.COMMIT));
        buffer.flip();
        List<AbortedTransaction> aborted = List.of(new AbortedTransaction().setProducerId(8).setFirstOffset(0));

        assertThat(offsets(read(MemoryRecords.readableRecords(buffer), 0, Long.MAX_VALUE, aborted)))
                .containsExactly(3L, 4L);
    }

    @Test
    void aBatchOfAnOlderRecordFormatIsDecodedByTheClient() {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(4096), RecordBatch.MAGIC_VALUE_V1,
                Compression.NONE, TimestampType.CREATE_TIME, 20);
        builder.appendWithOffset(20, 1_000L, bytes("k"), bytes("old"));
        builder.appendWithOffset(21, 1_001L, null, bytes("older"));

        Collected collected = read(builder.build(), 0, Long.MAX_VALUE, null);

        assertThat(collected.seen()).containsExactly("20@1000 [6b]=[6f6c64]", "21@1001 null=[6f6c646572]");
        assertThat(collected.decoded()).isEqualTo(2);
        assertThat(collected.raw()).isZero();
    }

    @Test
    void aBatchWhoseRecordsDoNotFillItIsCorrupt() {
        MemoryRecords records = batch(Compression.NONE, 0, 3);
        ByteBuffer bytes = records.buffer().duplicate();
        // one record fewer than the batch holds: the records end before the batch does
        bytes.putInt(57, 2);
        resealed(bytes);

        assertThatThrownBy(() -> read(MemoryRecords.readableRecords(bytes), 0, Long.MAX_VALUE, null))
                .isInstanceOf(CorruptRecordException.class).hasMessageContaining("bytes before that");
        // the same in a compressed batch, where the records are read from the decompressed stream
        for (Compression compression : new Compression[] {Compression.gzip().build(), Compression.zstd().build()}) {
            ByteBuffer compressed = batch(compression, 0, 3).buffer().duplicate();
            compressed.putInt(57, 2);
            resealed(compressed);
            assertThatThrownBy(() -> read(MemoryRecords.readableRecords(compressed), 0, Long.MAX_VALUE, null))
                    .as(compression.type().name).isInstanceOf(CorruptRecordException.class)
                    .hasMessageContaining("more than its 2 records");
        }
    }

    @Test
    void aBatchCutShortAtTheAnswersEndIsLeftForTheNextFetch() {
        MemoryRecords whole = joined(List.of(batch(Compression.NONE, 0, 4), batch(Compression.NONE, 4, 4)));
        ByteBuffer cut = whole.buffer().duplicate();
        cut.limit(cut.limit() - 9);
        MemoryRecords records = MemoryRecords.readableRecords(cut.slice());

        assertThat(RecordBatches.nextOffset(records, 0)).isEqualTo(4);
        assertThat(offsets(read(records, 0, Long.MAX_VALUE, null))).containsExactly(0L, 1L, 2L, 3L);
        assertThat(RecordBatches.nextOffset(MemoryRecords.readableRecords(ByteBuffer.allocate(0)), 42)).isEqualTo(42);
    }

    @Test
    void aRecordThatClaimsMoreBytesThanItsBatchHoldsIsCorrupt() {
        MemoryRecords records = batch(Compression.NONE, 0, 3);
        ByteBuffer bytes = records.buffer().duplicate();
        // the first record's length (a zig-zag varint right after the batch's 61 bytes) made far too large
        bytes.put(61, (byte) 0x7E);
        resealed(bytes);

        assertThatThrownBy(() -> read(MemoryRecords.readableRecords(bytes), 0, Long.MAX_VALUE, null))
                .isInstanceOf(CorruptRecordException.class).hasMessageContaining("goes past its batch");
    }

    @Test
    void aBatchWithAByteChangedSinceItsChecksumIsCorruptNotReadAsItsEvent() {
        MemoryRecords records = batch(Compression.NONE, 0, 3);
        ByteBuffer bytes = records.buffer().duplicate();
        int value = indexOf(bytes, bytes("v1"));
        bytes.put(value + 1, (byte) '7'); // "v1" read as "v7"

        assertThatThrownBy(() -> read(MemoryRecords.readableRecords(bytes), 0, Long.MAX_VALUE, null))
                .isInstanceOf(CorruptRecordException.class).hasMessageContaining("crc");
    }

    /** The batch's checksum made right again after a test changed it: the structure is what is tested. */
    private static void resealed(ByteBuffer batch) {
        // the v2 batch's layout: its CRC-32C at byte 17, over everything from its attributes at byte 21 on
        long crc = Crc32C.compute(batch, ATTRIBUTES_AT, batch.limit() - ATTRIBUTES_AT);
        batch.putInt(DefaultRecordBatch.CRC_OFFSET, (int) crc);
    }

    private static final int ATTRIBUTES_AT = 21;

    private static int indexOf(ByteBuffer buffer, byte[] wanted) {
        for (int i = 0; i + wanted.length <= buffer.limit(); i++) {
            boolean found = true;
            for (int j = 0; j < wanted.length && found; j++) {
                found = buffer.get(i + j) == wanted[j];
            }
            if (found) {
                return i;
            }
        }
        throw new AssertionError("not in the batch");
    }

    private static MemoryRecords batch(Compression compression, long baseOffset, int count) {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(4096), compression,
                TimestampType.CREATE_TIME, baseOffset);
        for (int i = 0; i < count; i++) {
            builder.appendWithOffset(baseOffset + i, 1_000L + i, bytes("k" + i), bytes("v" + i),
                    new Header[] {new RecordHeader("ce_id", bytes("id-" + (baseOffset + i)))});
        }
        return builder.build();
    }

    private static MemoryRecords transactional(long producerId, long baseOffset, int count) {
        return transactional(producerId, baseOffset, count, Compression.NONE);
    }

    private static MemoryRecords transactional(long producerId, long baseOffset, int count, Compression compression) {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(4096), RecordBatch.MAGIC_VALUE_V2,
                compression, TimestampType.CREATE_TIME, baseOffset, RecordBatch.NO_TIMESTAMP, producerId,
                (short) 0, 0, true, 0);
        for (int i = 0; i < count; i++) {
            builder.appendWithOffset(baseOffset + i, 1_000L + i, bytes("k"), bytes("v" + (baseOffset + i)));
        }
        return builder.build();
    }

    private static MemoryRecords marker(long producerId, long offset, ControlRecordType type) {
        ByteBuffer buffer = ByteBuffer.allocate(256);
        MemoryRecords.writeEndTransactionalMarker(buffer, offset, 2_000L, 0, producerId, (short) 0,
                new EndTransactionMarker(type, 0));
        buffer.flip();
        return MemoryRecords.readableRecords(buffer);
    }

    private static void append(ByteBuffer buffer, MemoryRecords records) {
        buffer.put(records.buffer().duplicate());
    }

    /** The batches one after the other in one buffer, inside a larger array, as a fetch answer holds a partition's. */
    private static MemoryRecords joined(List<MemoryRecords> batches) {
        int size = batches.stream().mapToInt(MemoryRecords::sizeInBytes).sum();
        ByteBuffer answer = ByteBuffer.allocate(size + 100);
        answer.position(37);
        batches.forEach(batch -> answer.put(batch.buffer().duplicate()));
        answer.flip();
        answer.position(37);
        return MemoryRecords.readableRecords(answer.slice());
    }

    private record Collected(List<String> seen, int raw, int decoded) {
    }

    private static Collected read(MemoryRecords records, long fetched, long end,
            @Nullable List<AbortedTransaction> aborted) {
        List<String> seen = new ArrayList<>();
        int[] counts = new int[2];
        RecordBatches.read(records, "t", 0, fetched, end, aborted, new RecordBatches.Sink() {
            @Override
            public void raw(RawRecord record) {
                counts[0]++;
                List<Header> headers = new ArrayList<>();
                record.headers().forEach(headers::add);
                seen.add(describe(record.offset(), record.timestamp(), record.key(), record.value(), headers));
            }

            @Override
            public void decoded(ConsumerRecord<ByteBuffer, ByteBuffer> record) {
                counts[1]++;
                seen.add(describe(record.offset(), record.timestamp(), record.key(), record.value(),
                        Arrays.asList(record.headers().toArray())));
            }

            @Override
            public void unreadable(long offset, String reason) {
                seen.add(offset + "@unreadable: " + reason);
            }
        });
        return new Collected(seen, counts[0], counts[1]);
    }

    private static List<Long> offsets(Collected collected) {
        return collected.seen.stream().map(line -> Long.parseLong(line.substring(0, line.indexOf('@')))).toList();
    }

    private static String describe(long offset, long timestamp, @Nullable ByteBuffer key, @Nullable ByteBuffer value,
            List<Header> headers) {
        StringBuilder text = new StringBuilder(offset + "@" + timestamp + " " + hex(key) + "=" + hex(value));
        for (Header header : headers) {
            text.append(' ').append(header.key()).append(':').append(hex(header.value() == null ? null
                    : ByteBuffer.wrap(header.value())));
        }
        return text.toString();
    }

    private static String hex(@Nullable ByteBuffer buffer) {
        if (buffer == null) {
            return "null";
        }
        ByteBuffer copy = buffer.duplicate();
        StringBuilder text = new StringBuilder("[");
        while (copy.hasRemaining()) {
            text.append(String.format("%02x", copy.get()));
        }
        return text.append(']').toString();
    }

    private static Header[] headers(SplittableRandom random) {
        String[] keys = {"ce_id", "ce_type", "ce_time", "content-type", "", "ce_id", "ünï"};
        Header[] headers = new Header[random.nextInt(9)];
        for (int i = 0; i < headers.length; i++) {
            headers[i] = new RecordHeader(keys[random.nextInt(keys.length)], maybe(random, randomBytes(random, 50)));
        }
        return headers;
    }

    private static byte @Nullable [] maybe(SplittableRandom random, byte[] bytes) {
        return random.nextInt(8) == 0 ? null : bytes;
    }

    private static byte[] randomBytes(SplittableRandom random, int most) {
        byte[] bytes = new byte[random.nextInt(most + 1)];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        return bytes;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
