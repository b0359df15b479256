package io.extauth.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MailServerIntegrationTest {

    @TempDir
    Path mailDir;

    @Test
    void aPageOfAnotherSiteCannotReadTheMailsThroughARebindNameNorSendChanges() throws Exception {
        try (MailServer server = new MailServer(0, 0, mailDir).start()) {
            int port = server.apiPort();
            // DNS rebinding: attacker.example now resolves to 127.0.0.1, the browser names it
            assertThat(raw(port, "GET /messages HTTP/1.1", "Host: attacker.example:" + port)).startsWith("HTTP/1.1 403");
            assertThat(raw(port, "GET /deliveries HTTP/1.1", "Host: attacker.example:" + port)).startsWith("HTTP/1.1 403");
            assertThat(raw(port, "POST /messages HTTP/1.1", "Host: 127.0.0.1:" + port, "Sec-Fetch-Site: cross-site",
                    "Content-Length: 0")).startsWith("HTTP/1.1 403");
            // ./extauth mail, the bench, the chaos tool and the tests: a loopback name and no browser header
            assertThat(raw(port, "GET /messages HTTP/1.1", "Host: 127.0.0.1:" + port)).startsWith("HTTP/1.1 200");
            assertThat(raw(port, "GET /deliveries HTTP/1.1", "Host: localhost:" + port)).startsWith("HTTP/1.1 200");
        }
    }

    /** The status line of a request written as it is, the Host header included (an HTTP client sets its own). */
    private static String raw(int port, String requestLine, String... headers) throws IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            String request = requestLine + "\r\n" + String.join("\r\n", headers) + "\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
        }
    }

    @Test
    void mailReceivedBeforeARestartIsListedAfterItOnceAndBeforeTheNewMail() throws MessagingException {
        try (MailServer first = new MailServer(0, 0, mailDir).start()) {
            send(first, "Welcome", "jane@example.com", "joe@example.com");
            send(first, "Your PIN was reset", "jane@example.com");
        }

        try (MailServer second = new MailServer(0, 0, mailDir).start()) {
            assertThat(second.messages("jane@example.com")).extracting(ReceivedMail::subject)
                    .containsExactly("Welcome", "Your PIN was reset");
            send(second, "Activated", "jane@example.com");

            assertThat(second.messages(null)).extracting(ReceivedMail::subject)
                    .as("one message to two recipients is listed once")
                    .containsExactly("Welcome", "Your PIN was reset", "Activated");
            assertThat(second.messages("joe@example.com")).singleElement()
                    .satisfies(mail -> assertThat(mail.receivedAt()).isNotNull());
        }
        try (MailServer third = new MailServer(0, 0, mailDir).start()) {
            assertThat(third.messages(null)).hasSize(3);
        }
    }

    @Test
    void anArchivedMessageIsListedFromTheArchiveAndNotKeptASecondTimeInGreenMailsMemory() throws Exception {
        try (MailServer server = new MailServer(0, 0, mailDir).start()) {
            send(server, "Welcome", "jane@example.com", "joe@example.com");
            send(server, "Your PIN was reset", "jane@example.com");

            assertThat(server.heldByGreenMail()).isZero();
            assertThat(server.mailboxesOfGreenMail()).as("no GreenMail mailbox per recipient either").isZero();
            assertThat(server.messages("joe@example.com")).extracting(ReceivedMail::subject).containsExactly("Welcome");
            // what the read API shows is read back from the index when asked, not held in memory
            Path index = mailDir.resolve("index.jsonl");
            Files.writeString(index, Files.readString(index).replace("Your PIN was reset", "Your PIN was RESET"));
            assertThat(server.messages("jane@example.com")).extracting(ReceivedMail::subject)
                    .containsExactly("Welcome", "Your PIN was RESET");
        }
    }

    @Test
    void aMessageIsListedAsReceivedExactlyAsARestartThatParsesItsFileAgainListsIt() throws Exception {
        List<ReceivedMail> asReceived;
        try (MailServer server = new MailServer(0, 0, mailDir).start()) {
            MimeMessage message = message(server, "Ihre Anmeldung – bestätigt ✓", "jane@example.com");
            MimeMultipart alternative = new MimeMultipart("alternative");
            MimeBodyPart text = new MimeBodyPart();
            text.setText("Grüße,\r\n.a line that starts with a dot\r\n" + "x".repeat(200), "UTF-8");
            MimeBodyPart html = new MimeBodyPart();
            html.setContent("<p>Grüße, <b>Jane</b></p>", "text/html; charset=UTF-8");
            alternative.addBodyPart(text);
            alternative.addBodyPart(html);
            message.setContent(alternative);
            Transport.send(message);
            asReceived = server.messages(null);
        }
        Files.delete(mailDir.resolve("index.jsonl"));

        try (MailServer restarted = new MailServer(0, 0, mailDir).start()) {
            assertThat(asReceived).singleElement().satisfies(mail -> {
                assertThat(mail.subject()).isEqualTo("Ihre Anmeldung – bestätigt ✓");
                assertThat(mail.text()).startsWith("Grüße,\r\n.a line");
                assertThat(mail.html()).isEqualTo("<p>Grüße, <b>Jane</b></p>");
            });
            assertThat(restarted.messages(null)).isEqualTo(asReceived);
        }
    }

    @Test
    void aMessageSentTwiceIsListedOnceButCountedTwiceAsDelivered() throws MessagingException {
        try (MailServer server = new MailServer(0, 0, mailDir).start()) {
            MimeMessage message = message(server, "Welcome", "jane@example.com");
            message.saveChanges();
            String messageId = message.getMessageID();
            resend(message, messageId);
            resend(message, messageId);
            send(server, "Activated", "jane@example.com");

            assertThat(server.messages("jane@example.com")).hasSize(2);
            assertThat(server.deliveries()).filteredOn(d -> d.get("messageId").equals(messageId)).singleElement()
                    .satisfies(d -> {
                        assertThat(d.get("to")).isEqualTo("jane@example.com");
                        assertThat(d.get("count")).isEqualTo(2);
                    });
        }
    }

    @Test
    void deliveriesCountedBeforeARestartAreStillCountedAfterIt() throws MessagingException {
        String messageId;
        try (MailServer first = new MailServer(0, 0, mailDir).start()) {
            MimeMessage message = message(first, "Welcome", "jane@example.com");
            message.saveChanges();
            messageId = message.getMessageID();
            resend(message, messageId);
        }

        try (MailServer second = new MailServer(0, 0, mailDir).start()) {
            assertThat(second.deliveries()).as("what the stopped server took")
                    .filteredOn(d -> d.get("messageId").equals(messageId)).singleElement()
                    .satisfies(d -> assertThat(d.get("count")).isEqualTo(1));
            MimeMessage again = message(second, "Welcome", "jane@example.com");
            resend(again, messageId);

            assertThat(second.deliveries()).as("a resend after the restart is the second delivery")
                    .filteredOn(d -> d.get("messageId").equals(messageId)).singleElement()
                    .satisfies(d -> assertThat(d.get("count")).isEqualTo(2));
        }
    }

    @Test
    void aDeliveryWhoseLogLineCannotBeWrittenIsStillCountedUntilTheServerStops() throws Exception {
        // the log's place taken by a directory: every append fails, as on a full disk
        Files.createDirectories(mailDir.resolve(MailServer.DELIVERY_LOG));
        try (MailServer server = new MailServer(0, 0, mailDir).start()) {
            MimeMessage message = message(server, "Welcome", "jane@example.com");
            Transport.send(message);
            resend(message, message.getMessageID());

            assertThat(server.deliveries()).singleElement()
                    .satisfies(d -> assertThat(d).containsEntry("to", "jane@example.com").containsEntry("count", 2));
        }
    }

    @Test
    void aRestartListsTheArchivedMailFromItsIndexWithoutParsingTheMessagesAgain() throws Exception {
        try (MailServer first = new MailServer(0, 0, mailDir).start()) {
            send(first, "Welcome", "jane@example.com");
        }
        // were the messages parsed again, this one would now read as an empty message
        overwriteArchivedMessages("not a message at all");

        try (MailServer second = new MailServer(0, 0, mailDir).start()) {
            assertThat(second.messages("jane@example.com")).extracting(ReceivedMail::subject)
                    .containsExactly("Welcome");
        }
    }

    @Test
    void messagesArchivedWithoutAnIndexLineAreParsedOnceThenIndexedAndAHalfWrittenLineIsIgnored() throws Exception {
        try (MailServer first = new MailServer(0, 0, mailDir).start()) {
            send(first, "Welcome", "jane@example.com");
            send(first, "Your PIN was reset", "jane@example.com");
        }
        // archived before the index existed, then a line cut short by a killed stack
        Files.writeString(mailDir.resolve("index.jsonl"), "{\"file\":\"17");
        try (MailServer second = new MailServer(0, 0, mailDir).start()) {
            assertThat(second.messages(null)).extracting(ReceivedMail::subject)
                    .containsExactly("Welcome", "Your PIN was reset");
            send(second, "Activated", "jane@example.com");
        }
        overwriteArchivedMessages("not a message at all");

        try (MailServer third = new MailServer(0, 0, mailDir).start()) {
            assertThat(third.messages(null)).extracting(ReceivedMail::subject)
                    .containsExactly("Welcome", "Your PIN was reset", "Activated");
        }
    }

    @Test
    void indexLinesLongerThanWhatTheStartReadsAtOnceAndAcrossItsChunksAreReadBackWhole() throws Exception {
        // lines of ~5 to ~40 KB: longer than the reader's first line buffer, several to one 64 KB chunk, across chunks
        List<String> texts = new ArrayList<>();
        try (MailServer first = new MailServer(0, 0, mailDir).start()) {
            for (int i = 0; i < 12; i++) {
                String text = ("mail " + i + " ").repeat(700 * (1 + i % 8)) + "end " + i;
                texts.add(text);
                MimeMessage message = message(first, "Long " + i, "long" + i + "@example.com");
                message.setText(text);
                Transport.send(message);
            }
        }
        overwriteArchivedMessages("not a message at all");

        try (MailServer second = new MailServer(0, 0, mailDir).start()) {
            for (int i = 0; i < 12; i++) {
                int n = i;
                assertThat(second.messages("long" + i + "@example.com")).singleElement().satisfies(mail -> {
                    assertThat(mail.subject()).isEqualTo("Long " + n);
                    assertThat(mail.text()).isEqualToIgnoringNewLines(texts.get(n));
                });
            }
        }
    }

    private void overwriteArchivedMessages(String content) throws IOException {
        try (Stream<Path> files = Files.list(mailDir)) {
            List<Path> messages = files.filter(file -> file.toString().endsWith(".eml")).toList();
            assertThat(messages).isNotEmpty();
            for (Path message : messages) {
                Files.writeString(message, content);
            }
        }
    }

    /** Sends with the Message-ID kept, as notification-service does when it resends. */
    private static void resend(MimeMessage message, String messageId) throws MessagingException {
        MimeMessage copy = new MimeMessage(message) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        Transport.send(copy);
    }

    @Test
    void aPortHeldByAnotherSocketStopsTheStartNamingWhoHoldsIt() throws IOException {
        int port = Ports.resolve(0);
        try (ServerSocket taken = new ServerSocket(port, 1, InetAddress.getByName(Ports.LOOPBACK))) {
            MailServer server = new MailServer(port, 0, mailDir);

            assertThatThrownBy(server::start).isInstanceOf(PortTakenException.class)
                    .hasMessageContaining("port " + port + " (SMTP) is already in use by this process (pid "
                            + ProcessHandle.current().pid() + ")");
            // GreenMail's own bind, as when the port is taken between the check and the bind: every attempt fails
            assertThatThrownBy(() -> server.startSmtp(2, Duration.ofSeconds(30), Duration.ofMillis(100)))
                    .hasMessageContaining("did not start on port " + port + " in 2 attempts")
                    .hasMessageContaining("held by this process");
        }
    }

    @Test
    void aPortTakenWhenGreenMailBindsItIsTriedAgainAndTheServerStartsOnceItIsFree() throws Exception {
        int port = Ports.resolve(0);
        ServerSocket taken = new ServerSocket(port, 1, InetAddress.getByName(Ports.LOOPBACK));
        // held for the first two attempts (a bind that fails fails at once, then the pause): free after 1.5 s
        CompletableFuture.runAsync(() -> {
            try {
                Thread.sleep(1_500);
                taken.close();
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        MailServer server = new MailServer(port, 0, mailDir);

        GreenMail smtp = server.startSmtp(5, Duration.ofSeconds(30), Duration.ofSeconds(1));
        try {
            assertThat(taken.isClosed()).as("started only after the port was let go").isTrue();
            assertThat(Ports.isFree(port)).as("GreenMail listens on it").isFalse();
            assertThat(Ports.holder(port)).hasValue("this process (pid " + ProcessHandle.current().pid() + ")");
        } finally {
            smtp.stop();
        }
    }

    @Test
    void extauthMailShowsASubjectAndABodyWithTheirEscapesWrittenOutNeverSentToTheTerminal() throws Exception {
        try (MailServer server = new MailServer(0, 0, mailDir).start()) {
            // anyone on the machine may send to the stack's SMTP server: \e]52 writes the reader's clipboard
            MimeMessage message = message(server, "Reset \u001b]52;c;Y3VybCBldmlsfHNo\u0007 \u202edone",
                    "jane@example.com");
            message.setText("line one\n\u001b[2Jcleared\n");
            Transport.send(message);

            PrintStream terminal = System.out;
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            int code;
            try {
                code = new CommandLine(new MailCommand()).execute("--mail-api-port", String.valueOf(server.apiPort()));
            } finally {
                System.setOut(terminal);
            }

            String shown = printed.toString(StandardCharsets.UTF_8);
            assertThat(code).isZero();
            assertThat(shown).contains("Subject: Reset \\u001b]52;c;Y3VybCBldmlsfHNo\\u0007 \\u202edone",
                    "    \\u001b[2Jcleared").doesNotContain("\u001b", "\u0007", "\u202e");
        }
    }

    private static void send(MailServer server, String subject, String... to) throws MessagingException {
        Transport.send(message(server, subject, to));
    }

    private static MimeMessage message(MailServer server, String subject, String... to) throws MessagingException {
        Properties properties = new Properties();
        properties.put("mail.smtp.host", Ports.LOOPBACK);
        properties.put("mail.smtp.port", String.valueOf(server.smtpPort()));
        MimeMessage message = new MimeMessage(Session.getInstance(properties));
        message.setFrom("extauth@example.com");
        for (String recipient : to) {
            message.addRecipient(Message.RecipientType.TO, new InternetAddress(recipient));
        }
        message.setSubject(subject);
        message.setText("Hello");
        return message;
    }
}
