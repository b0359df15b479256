package io.extauth.notification.mail.adapter;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An SMTP server of a few lines that takes every e-mail and answers the end of its data ({@code .}) only after
 * {@link #confirmAfter} (at once until a test says otherwise), as a server whose content filter is slow does. It notes
 * the Message-ID of every e-mail it was handed whole, confirmed or not: each may have reached the user.
 */
final class SlowToConfirmSmtp implements AutoCloseable {

    private final SmtpTestServer server;
    private final List<String> handedOver = new CopyOnWriteArrayList<>();
    private volatile Duration confirmAfter = Duration.ZERO;
    private volatile String endOfDataReply = "250 2.0.0 queued";

    SlowToConfirmSmtp() throws IOException {
        server = new SmtpTestServer(this::converse);
    }

    int port() {
        return server.port();
    }

    /** How long the server takes to confirm each e-mail from now on. */
    void confirmAfter(Duration delay) {
        confirmAfter = delay;
    }

    /** What the server answers the end of each e-mail's data from now on ({@code 250 2.0.0 queued} until then). */
    void answerEndOfData(String reply) {
        endOfDataReply = reply;
    }

    /** How many times the server was handed the whole e-mail of this Message-ID. */
    int handedOver(String messageId) {
        return Collections.frequency(handedOver, messageId);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    private void converse(Socket client) {
        try (client; BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(),
                StandardCharsets.ISO_8859_1))) {
            OutputStream out = client.getOutputStream();
            reply(out, "220 slow.test ESMTP");
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String command = line.toUpperCase(Locale.ROOT);
                if (command.startsWith("DATA")) {
                    reply(out, "354 end with <CRLF>.<CRLF>");
                    String messageId = data(in);
                    if (messageId == null) {
                        return; // the connection ended before the end of the data: nothing was handed over
                    }
                    handedOver.add(messageId);
                    Thread.sleep(confirmAfter.toMillis()); // the server's own slowness, not a test's wait
                    reply(out, endOfDataReply);
                } else if (command.startsWith("QUIT")) {
                    reply(out, "221 2.0.0 bye");
                    return;
                } else if (command.startsWith("EHLO") || command.startsWith("HELO") || command.startsWith("MAIL")
                        || command.startsWith("RCPT") || command.startsWith("RSET") || command.startsWith("NOOP")) {
                    reply(out, "250 2.0.0 ok");
                } else {
                    reply(out, "502 5.5.2 not here");
                }
            }
        } catch (IOException | InterruptedException gone) {
            // the client gave up on the conversation, or the server is closing
        }
    }

    /** Reads the e-mail up to its end and returns its Message-ID; null when the connection ended first. */
    private static String data(BufferedReader in) throws IOException {
        String messageId = "";
        for (String line = in.readLine(); ; line = in.readLine()) {
            if (line == null) {
                return null;
            }
            if (line.equals(".")) {
                return messageId;
            }
            if (line.regionMatches(true, 0, "Message-ID:", 0, 11)) {
                messageId = line.substring(11).trim();
            }
        }
    }

    private static void reply(OutputStream out, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }
}
