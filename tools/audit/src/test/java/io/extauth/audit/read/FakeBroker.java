package io.extauth.audit.read;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.RequestUtils;
import org.jspecify.annotations.Nullable;

/**
 * A stand-in for a broker on a socket, for the audit's own fetch: takes connections one after another and answers
 * each fetch as the test says. Not Kafka: only the fetch request of {@link FetchConnection#VERSION}, as the audit
 * sends it.
 */
final class FakeBroker implements AutoCloseable {

    /** No answer at all (the connection stays open). */
    static final ByteBuffer SILENT = ByteBuffer.allocate(0);

    final int id;
    /** The fetch versions this broker says it answers (Kafka 4: 4-17). */
    volatile short[] fetchVersions = {4, 17};
    /** When not 0: the answers' bytes sent one at a time, this many milliseconds apart (the versions' too). */
    volatile int dripMillis;
    private final ServerSocket server = new ServerSocket(0);
    final List<FetchRequest> requests = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> serving;

    /** Answers each fetch with what {@code answers} makes of it; null: hangs up. */
    static FakeBroker answering(int id, Function<FetchRequest, @Nullable FetchResponseData> answers)
            throws IOException {
        return new FakeBroker(id, (header, request) -> {
            FetchResponseData answer = answers.apply(request);
            return answer == null ? null : framed(answer, header.correlationId());
        });
    }

    /**
     * Answers each fetch with the bytes {@code answers} makes of it (its size first, as on the wire); {@link #SILENT}:
     * no answer, and null: hangs up.
     */
    FakeBroker(int id, BiFunction<RequestHeader, FetchRequest, @Nullable ByteBuffer> answers) throws IOException {
        this.id = id;
        serving = CompletableFuture.runAsync(() -> {
            while (!server.isClosed()) {
                try (Socket socket = server.accept()) {
                    serve(socket, answers);
                } catch (IOException closed) {
                    // the next connection, or the test is over
                }
            }
        });
    }

    private void serve(Socket socket, BiFunction<RequestHeader, FetchRequest, @Nullable ByteBuffer> answers)
            throws IOException {
        DataInputStream in = new DataInputStream(socket.getInputStream());
        DataOutputStream out = new DataOutputStream(socket.getOutputStream());
        while (true) {
            byte[] bytes = new byte[in.readInt()];
            in.readFully(bytes);
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            RequestHeader header = RequestHeader.parse(buffer);
            if (header.apiKey() == ApiKeys.API_VERSIONS) {
                write(out, versions(header));
                continue;
            }
            FetchRequest request = FetchRequest.parse(new ByteBufferAccessor(buffer), header.apiVersion());
            requests.add(request);
            ByteBuffer answer = answers.apply(header, request);
            if (answer == null) {
                return; // hangs up
            }
            write(out, answer);
        }
    }

    private void write(DataOutputStream out, ByteBuffer answer) throws IOException {
        if (dripMillis == 0) {
            out.write(answer.array(), answer.arrayOffset() + answer.position(), answer.remaining());
            out.flush();
            return;
        }
        for (int i = answer.position(); i < answer.limit(); i++) {
            out.write(answer.get(i));
            out.flush();
            try {
                Thread.sleep(dripMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The answer to the question of versions (version 0): fetch in {@link #fetchVersions}. */
    private ByteBuffer versions(RequestHeader header) {
        ApiVersionsResponseData.ApiVersionCollection keys = new ApiVersionsResponseData.ApiVersionCollection();
        keys.add(new ApiVersionsResponseData.ApiVersion().setApiKey(ApiKeys.FETCH.id)
                .setMinVersion(fetchVersions[0]).setMaxVersion(fetchVersions[1]));
        ByteBuffer body = RequestUtils.serialize(new ResponseHeaderData().setCorrelationId(header.correlationId()),
                (short) 0, new ApiVersionsResponseData().setApiKeys(keys), (short) 0);
        ByteBuffer framed = ByteBuffer.allocate(4 + body.remaining());
        framed.putInt(body.remaining()).put(body).flip();
        return framed;
    }

    /** An answer as a broker sends it: its size, the header with the request's correlation id, the body. */
    static ByteBuffer framed(FetchResponseData answer, int correlationId) {
        ByteBuffer body = RequestUtils.serialize(new ResponseHeaderData().setCorrelationId(correlationId),
                ApiKeys.FETCH.responseHeaderVersion(FetchConnection.VERSION), answer, FetchConnection.VERSION);
        ByteBuffer framed = ByteBuffer.allocate(4 + body.remaining());
        framed.putInt(body.remaining()).put(body).flip();
        return framed;
    }

    Node node() {
        return new Node(id, "127.0.0.1", server.getLocalPort());
    }

    FetchConnection connect(Duration timeout) throws IOException {
        return new FetchConnection(node(), "test", timeout);
    }

    @Override
    public void close() throws IOException {
        server.close();
        serving.cancel(true);
    }
}
