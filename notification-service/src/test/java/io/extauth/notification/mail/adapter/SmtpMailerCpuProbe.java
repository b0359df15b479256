package io.extauth.notification.mail.adapter;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.extauth.contract.AuthType;
import io.extauth.contract.events.Provisioned;
import io.extauth.messaging.work.RetrySettings;
import io.extauth.notification.contact.Contact;
import io.extauth.notification.mail.Email;
import io.extauth.notification.mail.Emails;
import io.extauth.notification.mail.MailTemplate;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.IntFunction;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.util.unit.DataSize;

/**
 * Not a test (surefire does not pick up {@code *Probe}; run it with {@code -Dtest=SmtpMailerCpuProbe}): the CPU one
 * e-mail costs the sending thread, written and handed to a real SMTP server (GreenMail) over a kept connection, over
 * many warm e-mails; and the same with the e-mail first written for its event ({@code Emails.forEvent}), as the mail
 * worker does. Prints its numbers; asserts nothing. {@code -Dprobe.jfr=<file>} records a profile of the measured rounds.
 */
class SmtpMailerCpuProbe {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @Test
    void cpuPerEmailOfTheSendingThread() throws Exception {
        measure("e-mail", i -> new Email("1234", "user-" + i, "o-" + i, MailTemplate.ACTIVATED,
                "jane" + i + "@example.com", "Your PhoneFactor authentication is active",
                "Hello,\n\nyour PhoneFactor authentication is active.\n\nextauth",
                "<p>Hello,</p><p>your <b>PhoneFactor</b> authentication is active.</p><p>extauth</p>",
                "<" + UUID.randomUUID() + "@extauth.local>"));
    }

    @Test
    void cpuPerEmailWrittenForItsEventAndSent() throws Exception {
        Instant at = Instant.parse("2026-11-30T12:00:00Z");
        measure("event's e-mail", i -> Emails.forEvent(
                new Contact("o-" + i, "1234", "user-" + i, "jane" + i + "@example.com", AuthType.PHONEFACTOR,
                        "PF-00" + i, at),
                new Provisioned("1234", "user-" + i, "o-" + i, AuthType.PHONEFACTOR, "REF-" + i, at),
                UUID.randomUUID().toString()));
    }

    private static void measure(String what, IntFunction<Email> email) throws Exception {
        // as NotificationServiceApplication sets it at start: no ServiceLoader scan per MIME part
        System.setProperty("jakarta.mail.util.StreamProvider", "org.eclipse.angus.mail.util.MailStreamProvider");
        GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        try {
            JavaMailSenderImpl sender = new JavaMailSenderImpl();
            sender.setHost("127.0.0.1");
            sender.setPort(smtp.getSmtp().getPort());
            // as notification-service.properties sets them
            sender.getJavaMailProperties().setProperty("mail.smtp.connectiontimeout", "5000");
            sender.getJavaMailProperties().setProperty("mail.smtp.timeout", "10000");
            sender.getJavaMailProperties().setProperty("mail.smtp.writetimeout", "10000");
            SmtpMailer mailer = new SmtpMailer(sender, new MailProperties("extauth <no-reply@extauth.local>",
                    new RetrySettings(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(60), 0.5),
                    new MailProperties.Worker(Duration.ofMillis(200), 4, Duration.ofSeconds(15), 4, true),
                    new MailProperties.Smtp(DataSize.ofKilobytes(64), Duration.ofMinutes(10)), false));
            int count = Integer.getInteger("probe.emails", 5000);
            send(mailer, count, smtp, email);
            String jfr = System.getProperty("probe.jfr");
            Recording recording = jfr == null ? null : new Recording(Configuration.getConfiguration("profile"));
            if (recording != null) {
                recording.start();
            }
            for (int round = 1; round <= 4; round++) {
                long start = THREADS.getCurrentThreadCpuTime();
                long startUser = THREADS.getCurrentThreadUserTime();
                long startTimers = timersCpu();
                send(mailer, count, smtp, email);
                long cpu = THREADS.getCurrentThreadCpuTime() - start;
                long user = THREADS.getCurrentThreadUserTime() - startUser;
                long timers = timersCpu() - startTimers;
                System.out.printf("PROBE %s round %d: %.1f us CPU per e-mail on the sending thread, %.1f us of it in"
                        + " the kernel; the write-timeout timer %.1f us (%d e-mails)%n", what, round,
                        cpu / 1000.0 / count, (cpu - user) / 1000.0 / count, timers / 1000.0 / count, count);
            }
            if (recording != null) {
                recording.dump(Path.of(jfr.replace("%w", what.replaceAll("\\W", ""))));
                recording.close();
            }
            mailer.destroy();
        } finally {
            smtp.stop();
        }
    }

    /** The CPU of the mailers' write-timeout timers so far (one per mailer; the earlier probe's is idle). */
    private static long timersCpu() {
        long cpu = 0;
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().equals("smtp-write-timeouts")) {
                cpu += THREADS.getThreadCpuTime(thread.getId());
            }
        }
        return cpu;
    }

    private static void send(SmtpMailer mailer, int count, GreenMail smtp, IntFunction<Email> email)
            throws Exception {
        for (int i = 0; i < count; i++) {
            mailer.send(email.apply(i));
            if (i % 1000 == 999) {
                smtp.purgeEmailFromAllMailboxes();
            }
        }
    }
}
