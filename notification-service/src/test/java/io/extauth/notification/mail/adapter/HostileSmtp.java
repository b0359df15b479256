package io.extauth.notification.mail.adapter;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An SMTP server on a real socket that greets and then answers {@code EHLO} as a compromised relay or a man in the
 * middle may: a reply that never ends, streamed (never held in memory), or trickled a byte at a time. It counts the
 * bytes of its reply the client took before it hung up.
 */
final class HostileSmtp implements AutoCloseable {

    /** What the server answers {@code EHLO} with. */
    enum Reply {
        /** {@code 250-} and then bytes without a line end, up to {@link #REPLY_BYTES}. */
        ONE_ENDLESS_LINE,
        /** {@code 250-x} lines, never the last one ({@code 250 }), up to {@link #REPLY_BYTES}. */
        ENDLESS_CONTINUATION_LINES,
        /** {@code 250-}, then one byte every {@link #TRICKLE} without end: no read of the client ever waits long. */
        TRICKLE
    }

    /** 300 MiB: more than a shared JVM's heap can spare twice over (Angus Mail's buffer doubles as it grows). */
    static final long REPLY_BYTES = 300L << 20;
    static final Duration TRICKLE = Duration.ofMillis(100);

    private final SmtpTestServer server;
    private final Reply reply;
    private final AtomicLong replied = new AtomicLong();

    HostileSmtp(Reply reply) throws IOException {
        this.reply = reply;
        server = new SmtpTestServer(this::converse);
    }

    int port() {
        return server.port();
    }

    /** Bytes of its replies to {@code EHLO} the server wrote before the client hung up (or the reply ran out). */
    long replied() {
        return replied.get();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    private void converse(Socket client) {
        try (client; InputStream in = client.getInputStream()) {
            OutputStream out = client.getOutputStream();
            out.write("220 hostile.test ESMTP\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // the client's EHLO (or HELO): one line, whatever it says
            for (int next = in.read(); next != '\n'; next = in.read()) {
                if (next < 0) {
                    return;
                }
            }
            out.write("250-".getBytes(StandardCharsets.US_ASCII));
            switch (reply) {
                case ONE_ENDLESS_LINE -> stream(out, filled((byte) 'x'));
                case ENDLESS_CONTINUATION_LINES -> stream(out, lines());
                case TRICKLE -> trickle(out);
            }
        } catch (IOException | InterruptedException gone) {
            // the client hung up, or the server is closing
        }
    }

    private void stream(OutputStream out, byte[] chunk) throws IOException {
        while (replied.get() < REPLY_BYTES) {
            out.write(chunk);
            replied.addAndGet(chunk.length);
        }
        out.flush();
    }

    private void trickle(OutputStream out) throws IOException, InterruptedException {
        while (!Thread.currentThread().isInterrupted()) {
            out.write('x');
            out.flush();
            replied.incrementAndGet();
            Thread.sleep(TRICKLE.toMillis()); // the server's own pace, not a test's wait
        }
    }

    private static byte[] filled(byte b) {
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, b);
        return chunk;
    }

    /** 64 KiB of {@code x\r\n250-x\r\n250-...}, each line a continuation of the reply. */
    private static byte[] lines() {
        return "x\r\n250-".repeat(64 * 1024 / 7).getBytes(StandardCharsets.US_ASCII);
    }
}
