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
            FetchRequest request = FetchRequest.parse(new ByteBufferAccessor(buffer), header.apiVersion());
            requests.add(request);
            ByteBuffer answer = answers.apply(header, request);
            if (answer == null) {
                return; // hangs up
            }
            out.write(answer.array(), answer.arrayOffset() + answer.position(), answer.remaining());
            out.flush();
        }
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
