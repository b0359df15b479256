package io.extauth.notification.mail.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.extauth.messaging.work.RetrySettings;
import io.extauth.notification.mail.Email;
import io.extauth.notification.mail.MailTemplate;
import io.extauth.testsupport.CountingRelay;
import jakarta.activation.CommandMap;
import jakarta.activation.DataContentHandler;
import jakarta.activation.DataSource;
import jakarta.activation.MailcapCommandMap;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.util.unit.DataSize;

/**
 * E-mails in a row share one SMTP connection; a kept connection the server dropped is replaced, and one on which the
 * server took too long to confirm an e-mail is not: the e-mail may have been taken.
 */
class SmtpMailerIntegrationTest {

    private GreenMail smtp = started(0);

    @AfterEach
    void stop() {
        smtp.stop();
    }

    @Test
    void emailsInARowTravelOverOneSmtpConnection() {
        SmtpMailer mailer = mailer(smtp.getSmtp().getPort());

        for (int i = 0; i < 3; i++) {
            mailer.send(email("jane" + i + "@example.com"));
        }

        assertThat(smtp.getReceivedMessages()).hasSize(3);
        assertThat(mailer.connectionsOpened()).isEqualTo(1);
    }

    @Test
    void anEmailOverAKeptConnectionIsItsThreeCommandsAndItsDataWithoutAskingTheServerWhetherItIsStillThere()
            throws Exception {
        try (CountingRelay relay = new CountingRelay(smtp.getSmtp().getPort())) {
            SmtpMailer mailer = mailer(URI.create(relay.baseUrl()).getPort());

            for (int i = 0; i < 3; i++) {
                mailer.send(email("jane" + i + "@example.com"));
            }

            assertThat(smtp.getReceivedMessages()).hasSize(3);
            assertThat(relay.connections()).isEqualTo(1);
            List<String> commands = relay.sent().lines()
                    .filter(line -> line.matches("(EHLO|HELO|MAIL FROM|RCPT TO|DATA|NOOP|RSET|QUIT)\\b.*"))
                    .map(line -> line.split("[ :]")[0]).toList();
            assertThat(commands).containsExactly("EHLO", "MAIL", "RCPT", "DATA", "MAIL", "RCPT", "DATA", "MAIL",
                    "RCPT", "DATA");
        }
    }

    @Test
    void anEmailIsOneMultipartAlternativeOfItsTextThenItsHtmlInUtf8WithTheMessageIdItWasGiven() throws Exception {
        SmtpMailer mailer = mailer(smtp.getSmtp().getPort());
        String messageId = "<" + UUID.randomUUID() + "@extauth.local>";

        mailer.send(new Email("1234", "user-1", null, MailTemplate.ACTIVATED, "jane@example.com", "Grüße, Jane",
                "Grüße\nextauth", "<p>Grüße</p>", messageId));

        MimeMessage received = smtp.getReceivedMessages()[0];
        assertThat(received.getMessageID()).isEqualTo(messageId);
        assertThat(received.getSubject()).isEqualTo("Grüße, Jane");
        assertThat(received.getFrom()).extracting(Object::toString).containsExactly("extauth <no-reply@extauth.local>");
        assertThat(received.getAllRecipients()).extracting(Object::toString).containsExactly("jane@example.com");
        assertThat(received.isMimeType("multipart/alternative")).as(received.getContentType()).isTrue();
        Multipart alternatives = (Multipart) received.getContent();
        assertThat(alternatives.getCount()).isEqualTo(2);
        assertThat(alternatives.getBodyPart(0).getContentType()).isEqualToIgnoringCase("text/plain; charset=UTF-8");
        assertThat((String) alternatives.getBodyPart(0).getContent()).isEqualToNormalizingNewlines("Grüße\nextauth");
        assertThat(alternatives.getBodyPart(1).getContentType()).isEqualToIgnoringCase("text/html; charset=UTF-8");
        assertThat(alternatives.getBodyPart(1).getContent()).isEqualTo("<p>Grüße</p>");
    }

    @Test
    void eachTextPartIsWrittenByteForByteAsJakartaMailsSetTextAndSaveWriteIt() throws Exception {
        String longLine = "x".repeat(1200);
        List<String> texts = List.of("Hello,\n\nyour PhoneFactor authentication is active.\n\nextauth",
                "Grüße\nextauth",
                "Здравствуйте, Яна! Ваш ключ активирован.", "<p>Grüße</p>", longLine, "tab\tand\r\nCRLF\u0001",
                "trailing space ", "Grüße ", "");

        for (String text : texts) {
            for (String subtype : List.of("plain", "html")) {
                MimeBodyPart reference = new MimeBodyPart();
                reference.setText(text, "UTF-8", subtype);
                MimeMessage saved = new MimeMessage(Session.getInstance(new Properties()));
                saved.setContent(new MimeMultipart("alternative", reference));
                saved.saveChanges();

                MimeBodyPart part = SmtpMailer.text(text, subtype);

                assertThat(written(part)).as("%s part of %s", subtype, text).isEqualTo(written(reference));
                assertThat(part.getHeader("Content-Type")).containsExactly("text/" + subtype + "; charset=UTF-8");
                assertThat((String) part.getContent()).isEqualToNormalizingNewlines(text);
            }
        }
        assertThat(SmtpMailer.text("Grüße, Jane", "plain").getEncoding()).isEqualTo("quoted-printable");
        assertThat(SmtpMailer.text("Здравствуйте", "plain").getEncoding()).isEqualTo("base64");
        assertThat(SmtpMailer.text("Hello", "plain").getEncoding()).isEqualTo("7bit");
        assertThat(SmtpMailer.text(longLine, "plain").getEncoding()).isEqualTo("quoted-printable");
    }

    @Test
    void eachTextPartHasTheTransferEncodingJakartaMailWouldChooseForItsBytes() throws Exception {
        List<String> texts = List.of("", "Hello", "tab\tand\r\nCRLF", "lone\rCR and lone\nLF", "x".repeat(998),
                "x".repeat(999), "x".repeat(998) + "\n" + "y".repeat(998), "DEL\u007f", "NUL\u0000", "bell\u0007",
                "Grüße", "ab" + "é".repeat(1), "a" + "é", "éé" + "abcd", "ééé" + "abcdef", "Здравствуйте",
                "€", "x".repeat(5000) + "é", ("line\n".repeat(900) + "Grüße\n").repeat(2), "\u00a0 \u2028");

        for (String text : texts) {
            for (String subtype : List.of("plain", "html")) {
                byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                String chosen = MimeUtility.getEncoding(
                        new ByteArrayDataSource(bytes, "text/" + subtype + "; charset=UTF-8"));

                assertThat(SmtpMailer.transferEncoding(bytes)).as("%s of %s", subtype, text).isEqualTo(chosen);
                assertThat(SmtpMailer.text(text, subtype).getEncoding()).as("%s of %s", subtype, text)
                        .isEqualTo(chosen);
            }
        }
    }

    @Test
    void anEmailIsWrittenWithoutLookingUpAContentHandler() {
        SmtpMailer mailer = mailer(smtp.getSmtp().getPort());
        mailer.send(email("jane@example.com"));
        CommandMap before = CommandMap.getDefaultCommandMap();
        Thread sending = Thread.currentThread();
        List<String> lookedUp = new CopyOnWriteArrayList<>();
        CommandMap.setDefaultCommandMap(new MailcapCommandMap() {
            // the sending thread's: GreenMail parses what it received with the same registry
            private void lookedUpHere(String mimeType) {
                if (Thread.currentThread() == sending) {
                    lookedUp.add(mimeType);
                }
            }

            @Override
            public synchronized DataContentHandler createDataContentHandler(String mimeType) {
                lookedUpHere(mimeType);
                return super.createDataContentHandler(mimeType);
            }

            @Override
            public synchronized DataContentHandler createDataContentHandler(String mimeType, DataSource source) {
                lookedUpHere(mimeType);
                return super.createDataContentHandler(mimeType, source);
            }
        });
        try {
            mailer.send(email("john@example.com"));
        } finally {
            CommandMap.setDefaultCommandMap(before);
        }

        // setText and setContent(multipart) left each part to a DataHandler that looked up the handler of its type
        // (text/plain, text/html, multipart/alternative) in the mailcap registry, and a text part's twice
        assertThat(smtp.getReceivedMessages()).hasSize(2);
        assertThat(lookedUp).isEmpty();
    }

    private static byte[] written(MimeBodyPart part) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        part.writeTo(out);
        return out.toByteArray();
    }

    @Test
    void aKeptConnectionTheServerClosedIsReplacedAndTheEmailStillSentOnce() {
        int port = smtp.getSmtp().getPort();
        SmtpMailer mailer = mailer(port);
        mailer.send(email("jane@example.com"));

        smtp.stop();
        smtp = started(port);
        mailer.send(email("john@example.com"));

        assertThat(smtp.getReceivedMessages()).hasSize(1);
        assertThat(mailer.connectionsOpened()).isEqualTo(2);
    }

    @Test
    void anEmailTheServerTakesTooLongToConfirmOverAKeptConnectionIsHandedOverOnceNotAgainOverAFreshOne()
            throws Exception {
        try (SlowToConfirmSmtp server = new SlowToConfirmSmtp()) {
            // the server confirms within the read timeout at first: the connection is kept
            SmtpMailer mailer = mailer(server.port(), Duration.ofMillis(500));
            mailer.send(email("jane@example.com"));
            server.confirmAfter(Duration.ofSeconds(2));
            Email slow = email("john@example.com");

            assertThatExceptionOfType(UnconfirmedSendException.class).as("may have been taken")
                    .isThrownBy(() -> mailer.send(slow));

            // sent again at once over a fresh connection, it reached the server twice (and again at every retry)
            assertThat(server.handedOver(slow.messageId())).isEqualTo(1);
            assertThat(mailer.connectionsOpened()).isEqualTo(1);
        }
    }

    @Test
    void anEmailTheServerTakesTooLongToConfirmOverAFreshConnectionMayHaveBeenTaken() throws Exception {
        try (SlowToConfirmSmtp server = new SlowToConfirmSmtp()) {
            SmtpMailer mailer = mailer(server.port(), Duration.ofMillis(500));
            server.confirmAfter(Duration.ofSeconds(2));
            Email slow = email("john@example.com");

            assertThatExceptionOfType(UnconfirmedSendException.class).isThrownBy(() -> mailer.send(slow));

            assertThat(server.handedOver(slow.messageId())).isEqualTo(1);
        }
    }

    @Test
    void aReplyWithoutEndFailsTheSendAsTransientOnceItPassesTheBoundNotOnceTheHeapIsFull() throws Exception {
        for (HostileSmtp.Reply endless : List.of(HostileSmtp.Reply.ONE_ENDLESS_LINE,
                HostileSmtp.Reply.ENDLESS_CONTINUATION_LINES)) {
            try (HostileSmtp server = new HostileSmtp(endless)) {
                SmtpMailer mailer = mailer(server.port(), Duration.ofSeconds(5),
                        new MailProperties.Smtp(DataSize.ofKilobytes(64), Duration.ofMinutes(10)));

                // Angus Mail read all 300 MiB of it into one buffer (doubling as it grew), or ran out of heap trying
                MailException failure = failureOf(mailer, Duration.ofSeconds(30));

                assertThat(failure).as(endless.name()).isNotInstanceOf(UnconfirmedSendException.class);
                assertThat(SmtpFailures.permanentReason(failure)).as(endless.name()).isNull();
                assertThat(SmtpFailures.transientReason(failure)).as(endless.name())
                        .contains("reply is longer than 65536 bytes");
                // the client hung up after the bound and what the sockets' buffers held, far from the 300 MiB
                assertThat(server.replied()).as("bytes of %s written", endless).isLessThan(32L << 20);
            }
        }
    }

    @Test
    void aServerThatTricklesItsReplyIsGivenUpAtTheEmailsDeadlineThoughNoReadWaitsLong() throws Exception {
        try (HostileSmtp server = new HostileSmtp(HostileSmtp.Reply.TRICKLE)) {
            // a byte every 100 ms: the read timeout of 5 s never trips
            SmtpMailer mailer = mailer(server.port(), Duration.ofSeconds(5),
                    new MailProperties.Smtp(DataSize.ofKilobytes(64), Duration.ofSeconds(2)));
            long start = System.nanoTime();

            MailException failure = failureOf(mailer, Duration.ofSeconds(20));

            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(took).isBetween(Duration.ofMillis(1900), Duration.ofSeconds(5));
            assertThat(failure).isNotInstanceOf(UnconfirmedSendException.class);
            assertThat(SmtpFailures.permanentReason(failure)).as("worth another attempt").isNull();
        }
    }

    @Test
    void anEmailWhoseConfirmationComesAfterItsDeadlineMayHaveBeenTaken() throws Exception {
        try (SlowToConfirmSmtp server = new SlowToConfirmSmtp()) {
            // no read timeout at all: only the deadline ends the wait
            SmtpMailer mailer = mailer(server.port(), null,
                    new MailProperties.Smtp(DataSize.ofKilobytes(64), Duration.ofSeconds(1)));
            server.confirmAfter(Duration.ofSeconds(4));
            Email slow = email("john@example.com");

            MailException failure = failureOf(mailer, slow, Duration.ofSeconds(10));

            assertThat(failure).isInstanceOf(UnconfirmedSendException.class);
            assertThat(server.handedOver(slow.messageId())).isEqualTo(1);
        }
    }

    @Test
    void theEndOfAnEmailRefusedAtItsDeadlineIsAFailedWriteRetriedNotAnUnconfirmedEmail() throws Exception {
        try (SlowToConfirmSmtp server = new SlowToConfirmSmtp()) {
            JavaMailSenderImpl sender = sender(server.port(), null);
            SmtpMailer mailer = mailer(sender, new MailProperties.Smtp(DataSize.ofKilobytes(64), Duration.ofSeconds(1)));
            // the sending thread stops for 2 s once it has read the server's go-ahead to DATA (as a long GC pause or a
            // starved core may stop it): the e-mail is written whole into the client's buffer after the deadline, and
            // its one write to the socket, with the final ".", comes past it
            sender.getSession().setDebug(true);
            sender.getSession().setDebugOut(new java.io.PrintStream(new PauseAfterLine("354", Duration.ofSeconds(2)),
                    true, StandardCharsets.ISO_8859_1));
            Email late = email("john@example.com");

            MailException failure = failureOf(mailer, late, Duration.ofSeconds(10));

            assertThat(failure).as("nothing of the e-mail left the client: %s", SmtpFailures.transientReason(failure))
                    .isNotInstanceOf(UnconfirmedSendException.class);
            assertThat(SmtpFailures.permanentReason(failure)).as("retried").isNull();
            assertThat(SmtpFailures.transientReason(failure)).contains("deadline passed before this write");
            assertThat(server.handedOver(late.messageId())).as("the server never had it").isZero();
        }
    }

    /** Protocol trace that holds the thread writing it for {@code pause} once, after the line that starts so. */
    private static final class PauseAfterLine extends java.io.OutputStream {

        private final String start;
        private final Duration pause;
        private final StringBuilder line = new StringBuilder();
        private boolean paused;

        PauseAfterLine(String start, Duration pause) {
            this.start = start;
            this.pause = pause;
        }

        @Override
        public void write(int b) {
            if (b != '\n') {
                line.append((char) b);
                return;
            }
            boolean match = !paused && line.toString().startsWith(start);
            line.setLength(0);
            if (match) {
                paused = true;
                try {
                    Thread.sleep(pause.toMillis()); // the sending thread stopped, not a test's wait
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    @Test
    void anEndlessReplyOverTlsWhoseKeyUpdatesHaveTheClientWriteEndsAtTheConversationsBound() throws Exception {
        try (HostileSmtp server = new HostileSmtp(HostileSmtp.Reply.ENDLESS_CONTINUATION_LINES_WITH_KEY_UPDATES)) {
            JavaMailSenderImpl sender = sender(server.port(), Duration.ofSeconds(5));
            sender.getJavaMailProperties().setProperty("mail.smtp.starttls.enable", "true");
            sender.getJavaMailProperties().setProperty("mail.smtp.starttls.required", "true");
            sender.getJavaMailProperties().setProperty("mail.smtp.ssl.trust", "127.0.0.1");
            sender.getJavaMailProperties().setProperty("mail.smtp.ssl.checkserveridentity", "false");
            SmtpMailer mailer = mailer(sender, new MailProperties.Smtp(DataSize.ofKilobytes(64), Duration.ofMinutes(10)));

            // each key update has the client write its own, which starts the reply's count afresh: only the
            // conversation's bound ends it
            MailException failure = failureOf(mailer, Duration.ofSeconds(30));

            assertThat(SmtpFailures.permanentReason(failure)).isNull();
            assertThat(SmtpFailures.transientReason(failure)).contains("reply is longer than 65536 bytes");
            // written by the server: what the client read (at most the conversation's sixteen replies' worth) and what
            // the sockets' buffers held when it hung up, as for the plain endless replies above; far from the 300 MiB.
            // Four replies' worth per reply (4 MiB) was once exceeded in CI (4,423,545 bytes) by the buffers alone
            assertThat(server.replied()).as("bytes of the reply written")
                    .isGreaterThan(DataSize.ofKilobytes(64).toBytes() * 2)
                    .isLessThan(DataSize.ofKilobytes(64).toBytes() * BoundedSmtpSockets.REPLIES_PER_CONVERSATION
                            + (32L << 20));
        }
    }

    @Test
    void theWholeConversationReadsAtMostSixteenRepliesWorthThoughEachWriteStartsAReplysCountAfresh()
            throws Exception {
        long maxReply = DataSize.ofKilobytes(64).toBytes();
        BoundedSmtpSockets sockets = new BoundedSmtpSockets(maxReply);
        try (HostileSmtp server = new HostileSmtp(HostileSmtp.Reply.ENDLESS_CONTINUATION_LINES)) {
            long[] read = new long[1];
            Exception ended = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                Exception[] failure = new Exception[1];
                sockets.within(Duration.ofMinutes(1), () -> {
                    try (java.net.Socket socket = sockets.createSocket("127.0.0.1", server.port())) {
                        java.io.InputStream in = socket.getInputStream();
                        java.io.OutputStream out = socket.getOutputStream();
                        out.write("EHLO extauth\r\n".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        byte[] part = new byte[8 * 1024];
                        // the endless reply read half a reply's bound at a time, the client writing in between (as
                        // TLS has it answer the server's key update): each write starts the reply's count afresh
                        while (read[0] < (32L << 20)) {
                            for (long half = 0; half < maxReply / 2; ) {
                                int n = in.read(part);
                                if (n < 0) {
                                    return;
                                }
                                half += n;
                                read[0] += n;
                            }
                            out.write('\r');
                            out.flush();
                        }
                    } catch (Exception e) {
                        failure[0] = e;
                    }
                });
                return failure[0];
            });

            assertThat(ended).as("after %d bytes read", read[0])
                    .isInstanceOf(BoundedSmtpSockets.ReplyTooLongException.class);
            assertThat(read[0]).as("bytes the conversation read").isLessThanOrEqualTo(
                    maxReply * BoundedSmtpSockets.REPLIES_PER_CONVERSATION)
                    .isGreaterThan(maxReply * (BoundedSmtpSockets.REPLIES_PER_CONVERSATION - 1));
        }
    }

    /** How the send failed, within {@code time}: a send that has not ended by then fails the test. */
    private static MailException failureOf(SmtpMailer mailer, Duration time) {
        return failureOf(mailer, email("jane@example.com"), time);
    }

    private static MailException failureOf(SmtpMailer mailer, Email email, Duration time) {
        return assertTimeoutPreemptively(time, () -> {
            try {
                mailer.send(email);
            } catch (MailException failure) {
                return failure;
            }
            throw new AssertionError("the send did not fail");
        });
    }

    @Test
    void aNewSmtpConnectionWithAWriteTimeoutStartsNoThreadOfItsOwn() {
        SmtpMailer mailer = mailer(smtp.getSmtp().getPort());
        Set<String> before = liveThreads();

        mailer.send(email("jane@example.com"));

        Set<String> started = liveThreads();
        started.removeAll(before);
        assertThat(mailer.connectionsOpened()).isEqualTo(1);
        // Angus Mail's own write-timeout timer would be a ScheduledThreadPoolExecutor's thread of the JDK's default
        // factory, "pool-N-thread-M" (liveThreads adds "#id"); the test JVM's other contexts (an embedded broker's
        // coordinator) may start threads of their own meanwhile, which say nothing of the connection
        assertThat(started).as("threads alive now that were not before the connection: none of a default pool")
                .noneMatch(name -> name.matches("pool-\\d+-thread-\\d+(#\\d+)?"));
    }

    @Test
    void aRunOfEmailsDoesNotWakeTheWriteTimeoutTimerForEachGuardedWrite() {
        Set<Long> others = writeTimeoutTimers();
        SmtpMailer mailer = mailer(smtp.getSmtp().getPort());
        Set<Long> timers = writeTimeoutTimers();
        timers.removeAll(others);
        mailer.send(email("jane@example.com"));
        long waitsBefore = waits(timers);

        for (int i = 0; i < 50; i++) {
            mailer.send(email("jane" + i + "@example.com"));
        }

        assertThat(smtp.getReceivedMessages()).hasSize(51);
        assertThat(mailer.connectionsOpened()).isEqualTo(1);
        // each e-mail is four guarded writes (MAIL, RCPT, DATA, the message with its end): woken for each, the timer
        // went back to waiting at least 200 times; ticking once a second, a few times at most
        assertThat(waits(timers) - waitsBefore).as("times the write-timeout timer went back to waiting").isLessThan(50);
    }

    @Test
    void aWriteTimeoutStillFiresAtItsTimeWhileTheTimerKeepsTicking() throws Exception {
        SmtpMailer mailer = mailer(smtp.getSmtp().getPort());
        try {
            long start = System.nanoTime();

            // longer than the tick's second: due behind a tick, as every real write timeout is
            ScheduledFuture<Long> fired = mailer.writeTimeouts().schedule(System::nanoTime, 1500,
                    TimeUnit.MILLISECONDS);

            long after = fired.get(10, TimeUnit.SECONDS) - start;
            assertThat(after).as("nanoseconds until the timeout ran").isGreaterThanOrEqualTo(
                    TimeUnit.MILLISECONDS.toNanos(1500));
        } finally {
            mailer.destroy();
        }
    }

    @Test
    void aServerThatIsDownIsAMailExceptionForTheRetry() {
        int port = smtp.getSmtp().getPort();
        SmtpMailer mailer = mailer(port);
        smtp.stop();

        assertThatExceptionOfType(MailException.class).isThrownBy(() -> mailer.send(email("jane@example.com")));
        smtp = started(0);
    }

    private static GreenMail started(int port) {
        GreenMail server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
        return server;
    }

    private static SmtpMailer mailer(int port) {
        return mailer(port, null);
    }

    /** {@code readTimeout}: how long the mailer waits for each of the server's replies; null, for ever. */
    private static SmtpMailer mailer(int port, Duration readTimeout) {
        return mailer(port, readTimeout, new MailProperties.Smtp(DataSize.ofKilobytes(64), Duration.ofMinutes(10)));
    }

    private static SmtpMailer mailer(int port, Duration readTimeout, MailProperties.Smtp bounds) {
        return mailer(sender(port, readTimeout), bounds);
    }

    private static JavaMailSenderImpl sender(int port, Duration readTimeout) {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost("127.0.0.1");
        sender.setPort(port);
        // as notification-service.properties sets it: Angus Mail then guards every write with a timer
        sender.getJavaMailProperties().setProperty("mail.smtp.writetimeout", "10000");
        if (readTimeout != null) {
            sender.getJavaMailProperties().setProperty("mail.smtp.timeout", String.valueOf(readTimeout.toMillis()));
        }
        return sender;
    }

    private static SmtpMailer mailer(JavaMailSenderImpl sender, MailProperties.Smtp bounds) {
        return new SmtpMailer(sender, new MailProperties("extauth <no-reply@extauth.local>",
                new RetrySettings(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(60), 0.5),
                new MailProperties.Worker(Duration.ofMillis(200), 4, Duration.ofSeconds(15), 4, true), bounds, false));
    }

    private static Set<Long> writeTimeoutTimers() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("smtp-write-timeouts"))
                .map(Thread::getId).collect(Collectors.toSet());
    }

    private static long waits(Set<Long> threads) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        return threads.stream().mapToLong(id -> mx.getThreadInfo(id).getWaitedCount()).sum();
    }

    private static Set<String> liveThreads() {
        return Thread.getAllStackTraces().keySet().stream().map(thread -> thread.getName() + "#" + thread.getId())
                .collect(Collectors.toSet());
    }

    private static Email email(String to) {
        return new Email("1234", "user-1", null, MailTemplate.ACTIVATED, to, "subject", "text", "<p>html</p>",
                "<" + UUID.randomUUID() + "@extauth.local>");
    }
}
