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
        TRICKLE,
        /**
         * {@code STARTTLS} offered, and over TLS 1.3 the continuation lines of {@link #ENDLESS_CONTINUATION_LINES},
         * with a key update the client must answer (a write of its own) after every 32 KiB of them.
         */
        ENDLESS_CONTINUATION_LINES_WITH_KEY_UPDATES
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
            if (reply == Reply.ENDLESS_CONTINUATION_LINES_WITH_KEY_UPDATES) {
                keyUpdates(client, in, out);
                return;
            }
            out.write("250-".getBytes(StandardCharsets.US_ASCII));
            switch (reply) {
                case ONE_ENDLESS_LINE -> stream(out, filled((byte) 'x'));
                case ENDLESS_CONTINUATION_LINES -> stream(out, lines());
                case TRICKLE -> trickle(out);
                case ENDLESS_CONTINUATION_LINES_WITH_KEY_UPDATES -> throw new IllegalStateException("over TLS");
            }
        } catch (IOException | InterruptedException gone) {
            // the client hung up, or the server is closing
        }
    }

    /** After the plain {@code EHLO}: {@code STARTTLS}, then the endless reply to {@code EHLO} over TLS 1.3. */
    private void keyUpdates(Socket client, InputStream in, OutputStream out) throws IOException {
        out.write("250-hostile.test\r\n250 STARTTLS\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        if (!line(in).toUpperCase(java.util.Locale.ROOT).startsWith("STARTTLS")) {
            return;
        }
        out.write("220 2.0.0 go ahead\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        try (javax.net.ssl.SSLSocket tls = (javax.net.ssl.SSLSocket) tls().getSocketFactory().createSocket(client,
                null, false)) {
            tls.setEnabledProtocols(new String[] {"TLSv1.3"});
            tls.startHandshake();
            line(tls.getInputStream()); // EHLO again
            OutputStream secure = tls.getOutputStream();
            secure.write("250-".getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = lines(32 * 1024);
            while (replied.get() < REPLY_BYTES) {
                secure.write(chunk);
                secure.flush();
                replied.addAndGet(chunk.length);
                // on a TLS 1.3 connection: a KeyUpdate asking the client for one of its own
                tls.startHandshake();
            }
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int next = in.read(); next != '\n'; next = in.read()) {
            if (next < 0) {
                throw new java.io.EOFException("the client hung up");
            }
            line.append((char) next);
        }
        return line.toString();
    }

    /** TLS with GreenMail's test key (greenmail.p12, on the test class path), which the client is told to trust. */
    private static javax.net.ssl.SSLContext tls() throws IOException {
        try (InputStream keys = HostileSmtp.class.getClassLoader().getResourceAsStream("greenmail.p12")) {
            java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
            store.load(keys, "changeit".toCharArray());
            javax.net.ssl.KeyManagerFactory managers = javax.net.ssl.KeyManagerFactory.getInstance(
                    javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
            managers.init(store, "changeit".toCharArray());
            javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLSv1.3");
            context.init(managers.getKeyManagers(), null, null);
            return context;
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
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
        return lines(64 * 1024);
    }

    private static byte[] lines(int size) {
        return "x\r\n250-".repeat(size / 7).getBytes(StandardCharsets.US_ASCII);
    }
}
