package io.extauth.simulator.callback;

import java.io.IOException;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLSocket;
import org.apache.hc.client5.http.impl.io.DefaultManagedHttpClientConnection;
import org.apache.hc.client5.http.io.ManagedHttpClientConnection;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.impl.io.SocketHolder;
import org.apache.hc.core5.http.io.HttpConnectionFactory;

/**
 * Connections to a callback's receiver that never write what passes over them to a log. Apache HttpClient's own
 * connection copies every byte to its {@code org.apache.hc.client5.http.wire} logger and every header to
 * {@code org.apache.hc.client5.http.headers} whenever those are at DEBUG when it connects: a callback's body carries
 * what the user keyed in or replied (a PIN, an SMS's text), which the simulator never logs, and its signature header.
 * These connections bind their socket plainly and log no header, whatever the level (as challenge-service's vendor
 * clients do).
 */
final class UnloggedConnections implements HttpConnectionFactory<ManagedHttpClientConnection> {

    private static final AtomicLong COUNT = new AtomicLong();

    @Override
    public ManagedHttpClientConnection createConnection(Socket socket) throws IOException {
        Connection connection = new Connection("callback-connection-" + COUNT.getAndIncrement());
        if (socket != null) {
            connection.bind(socket);
        }
        return connection;
    }

    @Override
    public ManagedHttpClientConnection createConnection(SSLSocket sslSocket, Socket socket) throws IOException {
        Connection connection = new Connection("callback-connection-" + COUNT.getAndIncrement());
        if (sslSocket != null) {
            connection.bind(sslSocket, socket);
        } else if (socket != null) {
            connection.bind(socket);
        }
        return connection;
    }

    private static final class Connection extends DefaultManagedHttpClientConnection {

        Connection(String id) {
            super(id);
        }

        @Override
        public void bind(Socket socket) throws IOException {
            bind(new SocketHolder(socket));
        }

        @Override
        public void bind(SSLSocket sslSocket, Socket socket) throws IOException {
            bind(new SocketHolder(sslSocket, socket));
        }

        @Override
        protected void onRequestSubmitted(ClassicHttpRequest request) {
            // no header log
        }

        @Override
        protected void onResponseReceived(ClassicHttpResponse response) {
            // no header log
        }
    }
}
