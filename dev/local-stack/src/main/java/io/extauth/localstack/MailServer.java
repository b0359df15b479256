package io.extauth.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.user.MessageDeliveryHandler;
import com.icegreen.greenmail.user.UserManager;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.jspecify.annotations.Nullable;

/**
 * GreenMail SMTP without authentication, plus a read API ({@link MailApi}): {@code GET /messages[?to=address]} returns
 * a JSON array of {@link ReceivedMail}. Port 0 picks a free port for either, readable through {@link #smtpPort()} and
 * {@link #apiPort()} after {@link #start()}.
 * <p>
 * GreenMail keeps mail in memory only, so every message is also written to a {@link MailArchive} in
 * {@code mailDir} while it is delivered, before the sender hears "250 OK": a killed stack loses no message it
 * accepted, and a restarted one lists the earlier messages too.
 */
public final class MailServer implements AutoCloseable {

    private final int smtpPort;
    private final int requestedApiPort;
    private final MailArchive archive;
    /** Archived and newly received messages, oldest first, each Message-ID once. */
    private final List<MailArchive.Entry> received = new ArrayList<>();
    private final Set<String> receivedIds = new HashSet<>();
    /**
     * Every SMTP delivery, one line per Message-ID and recipient, appended in {@code mailDir} before the sender hears
     * "250 OK": the list above shows a message sent twice once, {@code GET /deliveries} (read by {@code ./extauth
     * chaos}) counts it twice, also across a restart of the server (an SMTP outage in the chaos run). Counted from the
     * file when asked, never kept in memory: a map per message made a used home's start read and hold every delivery
     * (136,000 in a home used for ~76,000 orders, issue 14). A delivery whose line could not be written (a full disk)
     * is kept in {@link #unlogged} instead, and counted until the server stops.
     */
    private final Path deliveryLog;
    private final Object deliveryLogLock = new Object();
    private final List<String[]> unlogged = new ArrayList<>();
    private @Nullable GreenMail greenMail;
    private @Nullable HttpServer api;

    /** {@code mailDir} holds the received messages across restarts; it is created on the first message. */
    public MailServer(int smtpPort, int apiPort, Path mailDir) {
        this.smtpPort = Ports.resolve(smtpPort);
        this.requestedApiPort = apiPort;
        this.archive = new MailArchive(mailDir);
        this.deliveryLog = mailDir.resolve(DELIVERY_LOG);
    }

    /** One line per SMTP delivery: the Message-ID, a tab, the recipient. */
    static final String DELIVERY_LOG = "deliveries.tsv";

    public synchronized MailServer start() {
        if (greenMail != null) {
            return this;
        }
        Ports.requireFree(smtpPort, "SMTP");
        Ports.requireFree(requestedApiPort, "mail read API");
        List<MailArchive.Entry> archived = archive.load();
        synchronized (received) {
            received.clear();
            receivedIds.clear();
            archived.forEach(this::remember);
        }
        GreenMail smtp = startSmtp(START_ATTEMPTS, ATTEMPT_TIMEOUT, RETRY_PAUSE);
        greenMail = smtp;
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(Ports.LOOPBACK, requestedApiPort), 0);
            server.createContext("/", new MailApi(List.of(
                    new MailApi.Endpoint("/messages", Set.of("to"), parameters -> messages(parameters.get("to"))),
                    new MailApi.Endpoint("/deliveries", Set.of(), parameters -> deliveries()))));
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
            String holder = Ports.holder(requestedApiPort).map(who -> "; the port is held by " + who).orElse("");
            throw new UncheckedIOException("mail read API did not start on port " + requestedApiPort + holder, e);
        }
        return this;
    }

    /**
     * GreenMail on the SMTP port, started. A port found free a moment before was taken when GreenMail bound it, twice in
     * CI (a local-stack test, its SMTP port chosen at random; who held it was never seen). So a start whose bind fails
     * is tried again, {@link #START_ATTEMPTS} times {@link #RETRY_PAUSE} apart, and every failed attempt says who holds
     * the port, where that can be found. {@code attemptTimeout}: how long GreenMail may take to say it listens (its
     * default 2 s was once not enough on two busy cores, with Kafka and PostgreSQL starting alongside); a bind that
     * fails fails at once.
     */
    GreenMail startSmtp(int attempts, Duration attemptTimeout, Duration retryPause) {
        for (int attempt = 1; ; attempt++) {
            ServerSetup setup = new ServerSetup(smtpPort, Ports.LOOPBACK, ServerSetup.PROTOCOL_SMTP);
            setup.setServerStartupTimeout(attemptTimeout.toMillis());
            GreenMail smtp = new GreenMail(setup);
            smtp.withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
            UserManager users = smtp.getUserManager();
            MessageDeliveryHandler deliverToMailbox = users.getMessageDeliveryHandler();
            // called once per recipient, in the SMTP session before it answers the DATA command
            users.setMessageDeliveryHandler((message, recipient) -> {
                count(message.getMessage(), recipient.getEmail());
                // An archived message is not kept a second time in GreenMail's memory, and its recipient gets no
                // GreenMail mailbox: a benchmark sends thousands, each to an address of its own, and GreenMail looks
                // through every mailbox it has to place a new one (a quarter of the SMTP server's CPU, issue 14).
                return archive(message.getMessage()) ? new ArchivedOnly(recipient.getEmail())
                        : deliverToMailbox.handle(message, recipient);
            });
            try {
                smtp.start();
                return smtp;
            } catch (RuntimeException e) {
                smtp.stop();
                String holder = Ports.holder(smtpPort).map(who -> "; the port is held by " + who).orElse("");
                if (attempt == attempts) {
                    throw new IllegalStateException("the SMTP server did not start on port " + smtpPort + " in "
                            + attempts + " attempts" + holder, e);
                }
                System.err.println("GreenMail: the SMTP server did not start on port " + smtpPort + " (attempt " + attempt
                        + " of " + attempts + ")" + holder + ": " + e.getMessage());
                try {
                    Thread.sleep(retryPause.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    static final int START_ATTEMPTS = 5;
    static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(30);
    static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

    public int smtpPort() {
        return smtpPort;
    }

    public int apiPort() {
        HttpServer server = api;
        return server != null ? server.getAddress().getPort() : requestedApiPort;
    }

    public Path mailDir() {
        return archive.directory();
    }

    /**
     * Every message received so far, also by earlier runs, oldest first; only those to {@code to} when it is not
     * null. GreenMail's own mailboxes are read too, in case a message escaped the archive.
     */
    public List<ReceivedMail> messages(@Nullable String to) {
        List<MailArchive.Entry> archived;
        Set<String> ids;
        synchronized (received) {
            archived = received.stream().filter(entry -> to == null || entry.isAddressedTo(to)).toList();
            ids = new HashSet<>(receivedIds);
        }
        List<ReceivedMail> all = new ArrayList<>();
        archived.forEach(entry -> all.add(archive.read(entry)));
        GreenMail smtp = greenMail;
        if (smtp != null) {
            // only what could not be archived is kept in GreenMail's own mailboxes (see ArchivedOnly)
            for (MimeMessage message : smtp.getReceivedMessages()) {
                ReceivedMail mail = MimeReader.read(message);
                if ((mail.messageId() == null || ids.add(mail.messageId())) && (to == null || mail.isAddressedTo(to))) {
                    all.add(mail);
                }
            }
        }
        return all.stream()
                .sorted(Comparator.comparing(mail -> mail.receivedAt() == null ? Instant.MAX
                        : Instant.parse(mail.receivedAt())))
                .toList();
    }

    /** How many messages GreenMail itself holds in memory: only those the archive could not take. */
    int heldByGreenMail() {
        GreenMail smtp = greenMail;
        return smtp == null ? 0 : smtp.getReceivedMessages().length;
    }

    /** How many mailboxes GreenMail has made: only for recipients of messages the archive could not take. */
    int mailboxesOfGreenMail() {
        GreenMail smtp = greenMail;
        return smtp == null ? 0 : smtp.getUserManager().listUser().size();
    }

    /** Whether the message is in the archive now (written by this call or an earlier one). */
    private boolean archive(MimeMessage message) {
        synchronized (received) {
            try {
                String messageId = message.getMessageID();
                if (messageId != null && receivedIds.contains(messageId)) {
                    return true;
                }
                remember(archive.save(message, Instant.now()));
                return true;
            } catch (IOException | MessagingException | RuntimeException e) {
                // then delivered to GreenMail's mailbox, so listed until the stack stops
                System.err.println("GreenMail: a received e-mail was not written to " + archive.directory() + ": "
                        + e.getMessage());
                return false;
            }
        }
    }

    private void count(MimeMessage message, String recipient) {
        String messageId;
        try {
            messageId = String.valueOf(message.getMessageID());
        } catch (MessagingException e) {
            messageId = "null";
        }
        synchronized (deliveryLogLock) {
            try {
                if (!Files.isDirectory(deliveryLog.getParent())) {
                    // asked first: createDirectories on a directory that exists throws and catches two exceptions,
                    // on every mail
                    Files.createDirectories(deliveryLog.getParent());
                }
                Files.writeString(deliveryLog, messageId + "\t" + recipient + "\n", StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                unlogged.add(new String[] {messageId, recipient});
                System.err.println("GreenMail: a delivery was not written to " + deliveryLog + " (counted until the "
                        + "mail server stops): " + e.getMessage());
            }
        }
    }

    /** Per Message-ID and recipient, how many times the SMTP server took it, also before a restart. */
    public List<Map<String, Object>> deliveries() {
        Map<String, Map<String, Integer>> counts = new LinkedHashMap<>();
        synchronized (deliveryLogLock) {
            if (Files.isRegularFile(deliveryLog)) {
                try (Stream<String> lines = Files.lines(deliveryLog, StandardCharsets.UTF_8)) {
                    lines.forEach(line -> {
                        int tab = line.indexOf('\t');
                        if (tab > 0) {
                            counts.computeIfAbsent(line.substring(0, tab), id -> new LinkedHashMap<>())
                                    .merge(line.substring(tab + 1), 1, Integer::sum);
                        }
                    });
                } catch (IOException | UncheckedIOException e) {
                    throw new IllegalStateException("the mail server cannot read its delivery log " + deliveryLog, e);
                }
            }
            unlogged.forEach(delivery -> counts.computeIfAbsent(delivery[0], id -> new LinkedHashMap<>())
                    .merge(delivery[1], 1, Integer::sum));
        }
        List<Map<String, Object>> list = new ArrayList<>();
        counts.forEach((messageId, recipients) -> recipients.forEach((recipient, count) ->
                list.add(Map.of("messageId", messageId, "to", recipient, "count", count))));
        return list;
    }

    private void remember(MailArchive.Entry entry) {
        String messageId = entry.messageId();
        if (messageId == null || receivedIds.add(messageId)) {
            received.add(entry);
        }
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
}
