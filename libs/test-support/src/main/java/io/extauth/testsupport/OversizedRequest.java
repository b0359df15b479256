package io.extauth.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A POST of a huge JSON body (a generated object of unknown fields, never held in memory) over a plain socket, as an
 * attacker sends it: with a Content-Length or chunked, with or without a token. The body is written by its own thread
 * while this one waits for the status line, so a server that answers early is seen answering early.
 */
public final class OversizedRequest {

    /**
     * What came back: the status (-1 when the connection closed without one), the bytes sent by then, the time, and
     * the answer's head and the start of its body, for assertion messages.
     */
    public record Outcome(int status, long bytesSent, Duration took, String answer) {
    }

    private static final byte[] FIELD = "\"field000000\":0,".getBytes(StandardCharsets.US_ASCII);

    private OversizedRequest() {
    }

    public static Outcome post(int port, String path, String token, long bodyBytes, boolean chunked)
            throws IOException, InterruptedException {
        long started = System.nanoTime();
        AtomicLong sent = new AtomicLong();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nContent-Type: application/json\r\n");
            if (token != null) {
                head.append("Authorization: Bearer ").append(token).append("\r\n");
            }
            head.append(chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + bodyBytes + "\r\n");
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread writer = new Thread(() -> writeBody(out, bodyBytes, chunked, sent), "oversized-body");
            writer.setDaemon(true);
            writer.start();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII));
            String statusLine = in.readLine();
            long bytesSent = sent.get();
            String answer = statusLine == null ? "" : statusLine + "\n" + rest(in);
            socket.close();
            writer.join(10_000);
            int status = statusLine == null ? -1 : Integer.parseInt(statusLine.split(" ")[1]);
            return new Outcome(status, bytesSent, Duration.ofNanos(System.nanoTime() - started), answer);
        } catch (SocketException reset) {
            return new Outcome(-1, sent.get(), Duration.ofNanos(System.nanoTime() - started), reset.toString());
        }
    }

    /** Headers and what of the body is there within a moment: enough to see which problem it was. */
    private static String rest(BufferedReader in) {
        StringBuilder text = new StringBuilder();
        try {
            String line;
            while (text.length() < 2048 && (in.ready() || text.indexOf("\n\n") < 0) && (line = in.readLine()) != null) {
                text.append(line).append('\n');
            }
        } catch (IOException closed) {
            // the server closed the connection after its answer
        }
        return text.toString();
    }

    /** {@code {"field000000":0,"field000000":0,...} up to {@code size} bytes, 64 KiB at a time. */
    private static void writeBody(OutputStream out, long size, boolean chunked, AtomicLong sent) {
        byte[] block = new byte[64 * 1024];
        for (int i = 0; i < block.length; i++) {
            block[i] = FIELD[i % FIELD.length];
        }
        try {
            send(out, new byte[] {'{'}, 1, chunked, sent);
            for (long left = size - 1; left > 0; ) {
                int n = (int) Math.min(block.length, left);
                send(out, block, n, chunked, sent);
                left -= n;
            }
            if (chunked) {
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
        } catch (IOException closedByTheServerOrByUs) {
            // expected: the server answered and closed, or the reader closed the socket
        }
    }

    private static void send(OutputStream out, byte[] bytes, int n, boolean chunked, AtomicLong sent)
            throws IOException {
        if (chunked) {
            out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        out.write(bytes, 0, n);
        if (chunked) {
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        sent.addAndGet(n);
    }
}
