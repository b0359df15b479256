package io.extauth.notification.mail.adapter;

import io.extauth.notification.mail.Email;
import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.activation.DataHandler;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;

/**
 * Hands e-mails to the SMTP server: text and HTML alternatives, the Message-ID the event gave them.
 *
 * <p>Connections are kept open between e-mails (at most {@value #MAX_IDLE} idle, each closed after
 * {@value #IDLE_SECONDS} s unused), so a run of e-mails costs one SMTP connection and greeting, not one per e-mail. A
 * kept connection the server has closed meanwhile fails on the first command, before the message is handed over; the
 * e-mail then goes over a fresh connection. Any other failure is the worker's to retry, with its back-off: a refused
 * address (the e-mail's fault), and above all a server that was handed the whole e-mail and did not answer, which may
 * have taken it ({@link UnconfirmedSendException}). Whatever the server answers, one e-mail's conversation reads no
 * reply longer than {@code extauth.mail.smtp.max-reply-size} and ends by {@code extauth.mail.smtp.send-deadline}
 * ({@link BoundedSmtpSockets}).
 */
@Component
class SmtpMailer implements org.springframework.beans.factory.DisposableBean {

    static final int MAX_IDLE = 8;
    static final int IDLE_SECONDS = 20;
    /** How often the write-timeout timer wakes by itself (see the constructor). */
    private static final long TICK_MILLIS = 1000;

    private static final String UTF_8 = StandardCharsets.UTF_8.name();
    private static final String SEVEN_BIT = "7bit";
    private static final String QUOTED_PRINTABLE = "quoted-printable";

    private final JavaMailSender sender;
    /** The sender's address, parsed once. */
    private final InternetAddress from;
    /**
     * The one timer of every connection's write timeout ({@code mail.smtp.writetimeout}): without it Angus Mail starts
     * a thread of its own per SMTP connection (a "short-lived thread" of the benchmark's, one per new connection).
     */
    private final ScheduledThreadPoolExecutor writeTimeouts;
    /** The sockets of the SMTP connections, which bound a reply's size and end a conversation at its deadline. */
    private final BoundedSmtpSockets sockets;
    private final Duration sendDeadline;
    private final ConcurrentLinkedDeque<Idle> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger connectionsOpened = new AtomicInteger();

    private record Idle(Transport transport, long sinceNanos) {
    }

    SmtpMailer(JavaMailSender sender, MailProperties properties) {
        if (sender instanceof JavaMailSenderImpl smtp) {
            SmtpTlsRule.require(smtp, properties.allowPlainAuth());
        }
        this.sender = sender;
        this.from = address(properties.from());
        this.sockets = new BoundedSmtpSockets(properties.smtp().maxReplySize().toBytes());
        this.sendDeadline = properties.smtp().sendDeadline();
        this.writeTimeouts = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "smtp-write-timeouts");
            thread.setDaemon(true);
            return thread;
        });
        writeTimeouts.setRemoveOnCancelPolicy(true);
        writeTimeouts.prestartAllCoreThreads();
        // Angus Mail schedules a timeout before every write to the socket and cancels it after: four per e-mail. A
        // timeout that becomes the timer's earliest wakes the timer thread (a futex call on the sending thread, a wake
        // and a wait on the timer's: ~20% of the sending thread's CPU in SmtpMailerCpuProbe). This tick is always due
        // sooner than any write's timeout of more than a second, so a write's timeout never becomes the earliest and
        // wakes nothing; it still runs at its time. The timer wakes once a second instead.
        writeTimeouts.scheduleAtFixedRate(() -> { }, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        if (sender instanceof JavaMailSenderImpl smtp) {
            Properties mail = new Properties();
            mail.putAll(smtp.getJavaMailProperties());
            // an object, not a text: Angus Mail takes the executor from the session's properties as it is
            mail.put("mail.smtp.executor.writetimeout", writeTimeouts);
            // an instance too (Angus Mail's SocketFetcher takes a SocketFactory object before a class name)
            mail.put("mail.smtp.socketFactory", sockets);
            smtp.setJavaMailProperties(mail);
        }
    }

    /**
     * Throws Spring's {@code MailException} when the server does not take it ({@link SmtpFailures} tells a bad address
     * from a server that is down), or a {@code MailPreparationException} for an address that is no address at all.
     */
    void send(Email email) {
        send(email, StableIdMimeMessage.EndOfData.NONE);
    }

    /**
     * As {@link #send(Email)}, telling {@code endOfData} just before the end of the e-mail's data goes to the server
     * (the server may store the e-mail from then on), which may stop the send there by throwing.
     */
    void send(Email email, StableIdMimeMessage.EndOfData endOfData) {
        StableIdMimeMessage message = new StableIdMimeMessage(session(), email.messageId(), endOfData);
        InternetAddress to;
        try {
            to = new InternetAddress(email.to(), true);
            to.validate();
            message.setFrom(from);
            message.setRecipient(Message.RecipientType.TO, to);
            message.setSubject(email.subject(), UTF_8);
            setBody(message, alternatives(email));
        } catch (MessagingException e) {
            throw new MailPreparationException("E-mail " + email + " could not be written", e);
        }
        if (!(sender instanceof JavaMailSenderImpl smtp)) {
            sender.send(message);
            return;
        }
        deliver(smtp, message, new Address[] {to});
    }

    /**
     * The text and the HTML as the two alternatives of one {@code multipart/alternative}, the message's whole body: what
     * Spring's helper wrote inside a {@code multipart/mixed} and a {@code multipart/related} that stayed empty but for
     * it (no attachments, no inline images), each nesting one more part to build, encode and send per e-mail.
     */
    private static MimeMultipart alternatives(Email email) throws MessagingException {
        MimeMultipart alternatives = new MimeMultipart("alternative");
        alternatives.addBodyPart(text(email.text(), "plain"));
        alternatives.addBodyPart(text(email.html(), "html"));
        return alternatives;
    }

    /**
     * A text part as {@code MimeBodyPart.setText(text, "UTF-8", subtype)} and the message's save write it (the same
     * headers, the transfer encoding Jakarta Mail chooses for these bytes, its encoder), but built from the bytes at
     * once: {@code setText} leaves the text to a {@code DataHandler}, which looks up its content handler in the mailcap
     * registry and writes the text through a charset encoder twice, once to choose the transfer encoding and once to
     * send it (with the message's save, ~40% of the mail worker's samples in the fifth pass's profile).
     */
    static MimeBodyPart text(String text, String subtype) throws MessagingException {
        String type = "text/" + subtype + "; charset=" + UTF_8;
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        String encoding = transferEncoding(bytes);
        InternetHeaders headers = new InternetHeaders();
        headers.setHeader("Content-Type", type);
        headers.setHeader("Content-Transfer-Encoding", encoding);
        return new MimeBodyPart(headers, encoding.equals(SEVEN_BIT) ? bytes : encoded(bytes, encoding)) {
            /**
             * Nothing to update: its headers are final and its content is its bytes. Jakarta Mail's own update, on
             * every save of the message, parses the Content-Type and then returns without a change for a part whose
             * data are its own bytes.
             */
            @Override
            protected void updateHeaders() {
            }
        };
    }

    /**
     * The transfer encoding {@code MimeUtility.getEncoding} chooses for UTF-8 text (Jakarta Mail 2.1's
     * {@code checkAscii} for {@code text/*}, whose charset keeps ASCII as it is): {@code 7bit} when every byte is
     * printable ASCII, tab, CR or LF and no line is longer than 998 bytes, else {@code quoted-printable} while such
     * bytes are more than the others, else {@code base64}. One pass over the bytes: Jakarta Mail parses the content type
     * and reads the bytes through a data source's stream into a buffer of its own for every part of every e-mail.
     * {@code SmtpMailerIntegrationTest} holds it to {@code getEncoding} on awkward texts.
     */
    static String transferEncoding(byte[] bytes) {
        int other = 0;
        int lineLength = 0;
        boolean longLine = false;
        for (byte next : bytes) {
            int b = next & 0xff;
            if (b == '\r' || b == '\n') {
                lineLength = 0;
            } else if (++lineLength > 998) {
                longLine = true;
            }
            if (b >= 0x7f || (b < 0x20 && b != '\r' && b != '\n' && b != '\t')) {
                other++;
            }
        }
        if (other == 0) {
            return longLine ? QUOTED_PRINTABLE : SEVEN_BIT;
        }
        return bytes.length - other > other ? QUOTED_PRINTABLE : "base64";
    }

    /** {@code 7bit} leaves the bytes as they are ({@code MimeUtility.encode} returns the stream it was given). */
    private static byte[] encoded(byte[] bytes, String encoding) throws MessagingException {
        ByteArrayOutputStream encoded = new ByteArrayOutputStream(bytes.length + bytes.length / 2 + 16);
        try {
            OutputStream encoder = MimeUtility.encode(encoded, encoding);
            encoder.write(bytes);
            // flushed, not closed, as MimeBodyPart.writeTo leaves it: a closed base64 encoder ends with a line break
            encoder.flush();
        } catch (IOException e) {
            throw new MessagingException("E-mail text could not be encoded", e);
        }
        return encoded.toByteArray();
    }

    /**
     * The alternatives as the message's content, written by themselves: the content handler a plain
     * {@code setContent(multipart)} would look up in the mailcap registry on every send only calls the same
     * {@code writeTo}.
     */
    private static void setBody(MimeMessage message, MimeMultipart alternatives) throws MessagingException {
        message.setDataHandler(new DataHandler(alternatives, alternatives.getContentType()) {
            @Override
            public void writeTo(OutputStream out) throws IOException {
                try {
                    alternatives.writeTo(out);
                } catch (MessagingException e) {
                    throw new IOException(e);
                }
            }
        });
        alternatives.setParent(message);
    }

    /**
     * {@code recipients}: the message's one To address as it was set, not parsed back from its header
     * ({@code getAllRecipients}) for every e-mail. Within the e-mail's deadline, the connections it closes on the way
     * included (a close says {@code QUIT} and reads the reply).
     */
    private void deliver(JavaMailSenderImpl smtp, StableIdMimeMessage message, Address[] recipients) {
        sockets.within(sendDeadline, () -> deliverNow(smtp, message, recipients));
    }

    private void deliverNow(JavaMailSenderImpl smtp, StableIdMimeMessage message, Address[] recipients) {
        try {
            if (message.getSentDate() == null) {
                message.setSentDate(new Date());
            }
            message.saveChanges();
        } catch (MessagingException e) {
            throw new MailPreparationException("E-mail could not be written", e);
        }
        Transport kept = takeIdle();
        if (kept != null) {
            try {
                kept.sendMessage(message, recipients);
                keep(kept);
                return;
            } catch (MessagingException e) {
                close(kept);
                MailSendException failure = failed(message, e);
                if (SmtpFailures.permanentReason(failure) != null
                        || !SmtpFailures.mayGoAgainAtOnce(message.written(), e)) {
                    throw failure;
                }
                // most likely the server closed the kept connection, before anything of the e-mail was handed over
            }
        }
        Transport fresh = connect(smtp);
        try {
            fresh.sendMessage(message, recipients);
            keep(fresh);
        } catch (MessagingException e) {
            close(fresh);
            throw failed(message, e);
        }
    }

    private static MailSendException failed(StableIdMimeMessage message, MessagingException failure) {
        return SmtpFailures.unconfirmed(message.written(), failure) ? new UnconfirmedSendException(message, failure)
                : new MailSendException(Map.of(message, failure));
    }

    private Transport connect(JavaMailSenderImpl smtp) throws MailException {
        try {
            Transport transport = smtp.getSession().getTransport(smtp.getProtocol() == null ? "smtp" : smtp.getProtocol());
            transport.connect(smtp.getHost(), smtp.getPort(), smtp.getUsername(), smtp.getPassword());
            connectionsOpened.incrementAndGet();
            return transport;
        } catch (AuthenticationFailedException e) {
            throw new MailAuthenticationException(e);
        } catch (MessagingException e) {
            throw new MailSendException("Mail server connection failed", e);
        }
    }

    /**
     * The most recently kept connection that has not idled too long. Not asked whether it is still there: Angus Mail's
     * {@code isConnected()} asks the server ({@code NOOP}, a round trip and a reply to read before every e-mail), and a
     * connection the server closed fails on the e-mail's first command anyway, before anything is handed over, and the
     * e-mail then goes over a fresh one ({@link #deliver}).
     */
    private @Nullable Transport takeIdle() {
        long now = System.nanoTime();
        for (Idle next = idle.pollFirst(); next != null; next = idle.pollFirst()) {
            if (now - next.sinceNanos() < TimeUnit.SECONDS.toNanos(IDLE_SECONDS)) {
                return next.transport();
            }
            close(next.transport());
        }
        return null;
    }

    private void keep(Transport transport) {
        idle.addFirst(new Idle(transport, System.nanoTime()));
        while (idle.size() > MAX_IDLE) {
            Idle oldest = idle.pollLast();
            if (oldest != null) {
                close(oldest.transport());
            }
        }
    }

    private static void close(Transport transport) {
        try {
            transport.close();
        } catch (MessagingException e) {
            // closing a connection that is gone
        }
    }

    @Override
    public void destroy() {
        for (Idle next = idle.pollFirst(); next != null; next = idle.pollFirst()) {
            close(next.transport());
        }
        writeTimeouts.shutdownNow();
    }

    /** The timer of the connections' write timeouts (for tests). */
    ScheduledThreadPoolExecutor writeTimeouts() {
        return writeTimeouts;
    }

    /** SMTP connections opened so far (for tests). */
    int connectionsOpened() {
        return connectionsOpened.get();
    }

    /** As Spring's helper read it: one address, its personal name in UTF-8. */
    private static InternetAddress address(String address) {
        try {
            InternetAddress[] parsed = InternetAddress.parse(address);
            if (parsed.length != 1) {
                throw new AddressException("not one address", address);
            }
            return new InternetAddress(parsed[0].getAddress(), parsed[0].getPersonal(), UTF_8);
        } catch (AddressException | UnsupportedEncodingException e) {
            throw new IllegalArgumentException("extauth.mail.from is no e-mail address: " + address, e);
        }
    }

    private Session session() {
        return sender instanceof JavaMailSenderImpl impl ? impl.getSession() : Session.getInstance(new Properties());
    }
}
