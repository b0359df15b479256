package io.extauth.localstack;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;

/**
 * GreenMail SMTP without authentication, plus a read API: {@code GET /messages[?to=address]} returns a JSON array of
 * {@link ReceivedMail}. Port 0 picks a free port for either, readable through {@link #smtpPort()} and
 * {@link #apiPort()} after {@link #start()}.
 */
public final class MailServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final int smtpPort;
    private final int requestedApiPort;
    private @Nullable GreenMail greenMail;
    private @Nullable HttpServer api;

    public MailServer(int smtpPort, int apiPort) {
        this.smtpPort = Ports.resolve(smtpPort);
        this.requestedApiPort = apiPort;
    }

    public synchronized MailServer start() {
        if (greenMail != null) {
            return this;
        }
        Ports.requireFree(smtpPort, "SMTP");
        Ports.requireFree(requestedApiPort, "mail read API");
        GreenMail smtp = new GreenMail(new ServerSetup(smtpPort, Ports.LOOPBACK, ServerSetup.PROTOCOL_SMTP));
        smtp.withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        smtp.start();
        greenMail = smtp;
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(Ports.LOOPBACK, requestedApiPort), 0);
            server.createContext("/messages", this::messages);
            server.setExecutor(Executors.newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, "mail-api");
                thread.setDaemon(true);
                return thread;
            }));
            server.start();
            api = server;
        } catch (IOException e) {
            smtp.stop();
            greenMail = null;
            throw new UncheckedIOException("mail read API did not start on port " + requestedApiPort, e);
        }
        return this;
    }

    public int smtpPort() {
        return smtpPort;
    }

    public int apiPort() {
        HttpServer server = api;
        return server != null ? server.getAddress().getPort() : requestedApiPort;
    }

    /** Every message received so far, oldest first; only those to {@code to} when it is not null. */
    public List<ReceivedMail> messages(@Nullable String to) {
        GreenMail smtp = greenMail;
        if (smtp == null) {
            return List.of();
        }
        return Arrays.stream(smtp.getReceivedMessages())
                .map(MimeReader::read)
                .filter(mail -> to == null || mail.isAddressedTo(to))
                .toList();
    }

    @Override
    public synchronized void close() {
        HttpServer server = api;
        api = null;
        if (server != null) {
            server.stop(0);
        }
        GreenMail smtp = greenMail;
        greenMail = null;
        if (smtp != null) {
            smtp.stop();
        }
    }

    private void messages(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body = JSON.writeValueAsBytes(messages(queryParameter(exchange, "to")));
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static @Nullable String queryParameter(HttpExchange exchange, String name) {
        String query = exchange.getRequestURI().getRawQuery();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && pair.substring(0, equals).equals(name)) {
                return URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
