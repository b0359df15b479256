package io.extauth.audit.read;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.FetchResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.ResponseHeader;

/**
 * One connection to one broker that fetches partitions it leads, {@code read_committed}, one request at a time, and
 * hands back each answer's partitions with their records where the answer's bytes hold them (the client's own
 * request and response classes, on a plain socket: the consumer would decode every record into objects on the
 * reading thread, ~a sixth of the audit's CPU; issue 14, fifty-third pass). Version 12 of the fetch request: the last
 * that names topics (13 and later name them by id), which every broker since Kafka 2.7 and every KRaft broker
 * answers; a broker that does not is refused when the connection is made, saying so. No session: every request names
 * its partitions. Plain text only, as the audit connects to Kafka.
 */
final class FetchConnection implements Closeable {

    static final short VERSION = 12;
    /** A fetch answers at once when there are records; when there are none, after this long. */
    private static final int MAX_WAIT_MS = 500;
    /**
     * An answer's size at most, and a partition's share of it: a batch larger than its share is sent whole only for
     * the first partition with records in an answer, cut short for any other ({@link LeaderFetches} then asks for
     * that partition first next time).
     */
    static final int MAX_BYTES = 8 * 1024 * 1024;
    static final int PARTITION_MAX_BYTES = 2 * 1024 * 1024;
    /** Larger than any answer to such a request can be: a length beyond it is not the protocol. */
    private static final int LARGEST_ANSWER = 256 * 1024 * 1024;

    private final Node node;
    private final String clientId;
    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;
    private int correlationId;
    private boolean awaiting;
    private long mutedUntilNanos = System.nanoTime();
    /** How long an answer may take to arrive whole. */
    private final long answerNanos;
    /** The longest a broker's throttle holds the next request: the timeout. */
    private final long throttleCapNanos;

    FetchConnection(Node node, String clientId, Duration timeout) throws IOException {
        this.node = node;
        this.clientId = clientId;
        this.throttleCapNanos = timeout.toNanos();
        Socket connecting = new Socket();
        try {
            connecting.setTcpNoDelay(true);
            connecting.setReceiveBufferSize(4 * 1024 * 1024);
            connecting.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis() + MAX_WAIT_MS));
            connecting.connect(new InetSocketAddress(node.host(), node.port()),
                    (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        } catch (IOException | RuntimeException e) {
            connecting.close();
            throw e;
        }
        socket = connecting;
        answerNanos = TimeUnit.MILLISECONDS.toNanos(timeout.toMillis() + MAX_WAIT_MS);
        in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 64 * 1024));
        out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 16 * 1024));
        try {
            requireFetchVersion();
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Asks the broker which versions of each request it answers (version 0 of the question, which every broker
     * answers) and refuses one that does not answer this fetch: it would close the connection, or answer in another
     * form, and the read would only see a broker out of reach.
     */
    private void requireFetchVersion() throws IOException {
        ByteBuffer question = new ApiVersionsRequest.Builder((short) 0).build((short) 0).serializeWithHeader(
                new RequestHeader(ApiKeys.API_VERSIONS, (short) 0, clientId, ++correlationId));
        write(question);
        ByteBuffer buffer = ByteBuffer.wrap(answer());
        ApiVersionsResponse versions;
        try {
            ResponseHeader header = ResponseHeader.parse(buffer, ApiKeys.API_VERSIONS.responseHeaderVersion((short) 0));
            versions = header.correlationId() != correlationId ? null
                    : ApiVersionsResponse.parse(new ByteBufferAccessor(buffer), (short) 0);
        } catch (RuntimeException e) {
            throw new IOException(node + " answered the question of versions with bytes that are not Kafka's: " + e, e);
        }
        if (versions == null || versions.data().errorCode() != Errors.NONE.code()) {
            throw new IOException(node + " did not answer the question of versions");
        }
        ApiVersionsResponseData.ApiVersion fetch = versions.apiVersion(ApiKeys.FETCH.id);
        if (fetch == null || fetch.minVersion() > VERSION || fetch.maxVersion() < VERSION) {
            throw new IllegalStateException("the broker " + node.host() + ":" + node.port() + " answers fetch "
                    + (fetch == null ? "in no version" : "versions " + fetch.minVersion() + "-" + fetch.maxVersion())
                    + "; the audit fetches in version " + VERSION + " (Kafka 2.7 or later)");
        }
    }

    Node node() {
        return node;
    }

    /** Whether a request was sent whose answer has not been taken yet. */
    boolean awaiting() {
        return awaiting;
    }

    /** Asks for the records of each partition from its offset, in this order. */
    void send(Map<TopicPartition, Long> offsets) throws IOException {
        long muted = mutedUntilNanos - System.nanoTime();
        if (muted > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(muted);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while the broker throttled the audit");
            }
        }
        LinkedHashMap<TopicPartition, FetchRequest.PartitionData> partitions = new LinkedHashMap<>();
        offsets.forEach((partition, offset) -> partitions.put(partition,
                new FetchRequest.PartitionData(Uuid.ZERO_UUID, offset, -1L, PARTITION_MAX_BYTES, Optional.empty())));
        FetchRequest request = FetchRequest.Builder.forConsumer(VERSION, MAX_WAIT_MS, 1, partitions)
                .isolationLevel(IsolationLevel.READ_COMMITTED)
                .setMaxBytes(MAX_BYTES)
                .build(VERSION);
        write(request.serializeWithHeader(new RequestHeader(ApiKeys.FETCH, VERSION, clientId, ++correlationId)));
        awaiting = true;
    }

    private void write(ByteBuffer bytes) throws IOException {
        out.writeInt(bytes.remaining());
        out.write(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
        out.flush();
    }

    /**
     * An answer's bytes (its size first): within the timeout and the fetch's wait, however the broker sends them
     * (each read has the socket's timeout; a broker that sends a byte now and then would otherwise hold the read).
     */
    private byte[] answer() throws IOException {
        long deadline = System.nanoTime() + answerNanos;
        int size = in.readInt();
        if (size < 0 || size > LARGEST_ANSWER) {
            throw new IOException(node + " answered with " + size + " bytes: not a Kafka fetch answer");
        }
        byte[] bytes = new byte[size];
        int read = 0;
        while (read < size) {
            int got = in.read(bytes, read, size - read);
            if (got < 0) {
                throw new EOFException(node + " closed the connection after " + read + " of " + size + " bytes");
            }
            read += got;
            if (read < size && System.nanoTime() > deadline) {
                throw new SocketTimeoutException(node + " sent " + read + " of " + size + " bytes within "
                        + TimeUnit.NANOSECONDS.toMillis(answerNanos) + " ms");
            }
        }
        return bytes;
    }

    /** The answer to the request sent: each partition's data, in the answer's order. */
    Map<TopicPartition, FetchResponseData.PartitionData> receive() throws IOException {
        byte[] bytes = answer();
        int size = bytes.length;
        awaiting = false;
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        ResponseHeader header;
        FetchResponse response;
        try {
            header = ResponseHeader.parse(buffer, ApiKeys.FETCH.responseHeaderVersion(VERSION));
            response = header.correlationId() != correlationId ? null
                    : FetchResponse.parse(new ByteBufferAccessor(buffer), VERSION);
        } catch (RuntimeException e) {
            // too short, or not the protocol: the connection is of no use
            throw new IOException(node + " answered with " + size + " bytes that are not a fetch answer: " + e, e);
        }
        if (response == null) {
            throw new IOException(node + " answered request " + header.correlationId() + ", not " + correlationId);
        }
        if (response.error() != Errors.NONE) {
            throw new KafkaException("fetching from " + node + ": " + response.error().message());
        }
        // a broker that throttles this client (a quota) mutes the connection for that long: the next request waits,
        // at most the timeout (a broken or hostile broker's 2^31 ms would have held the audit 24 days, where no check
        // of progress could see it; one that still throttles says so again in its next answer)
        mutedUntilNanos = System.nanoTime() + Math.min(throttleCapNanos,
                TimeUnit.MILLISECONDS.toNanos(Math.max(0, response.throttleTimeMs())));
        return response.responseData(Map.of(), VERSION);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // read-only: nothing is left to finish on the broker
        }
    }
}
