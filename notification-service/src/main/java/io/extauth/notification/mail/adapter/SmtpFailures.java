package io.extauth.notification.mail.adapter;

import io.extauth.service.words.ForeignWords;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.AddressException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailParseException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.MailSendException;

/**
 * Sorts what SMTP said: a permanently bad address (malformed, or refused on RCPT for the address itself, which JavaMail
 * reports as a {@link SendFailedException} with invalid addresses) will fail again and is not retried; everything else
 * (server down, timeouts, 4xx, a refused login that an operator can fix, and a 5xx on RCPT that is about the relay,
 * not the address: {@code 554 5.7.1 Relay access denied}, a policy, a full system) is worth another attempt later,
 * or every e-mail claimed while our own relay is misconfigured would be lost for good.
 */
final class SmtpFailures {

    /** What Angus Mail says when a reply could not be read: it timed out, or the connection went meanwhile. */
    private static final String READING_REPLY = "Exception reading response";
    /** The reply's code and, when the server gives one, its enhanced status (RFC 3463): class.subject.detail. */
    private static final Pattern REPLY = Pattern.compile("^\\s*(\\d{3})(?:[ -]+([245])\\.(\\d{1,3})\\.(\\d{1,3}))?");

    private SmtpFailures() {
    }

    /**
     * Whether a refusal on RCPT is about the address itself: an enhanced status of subject 1 (addressing: no such
     * mailbox, bad syntax, ...) or 2 (the mailbox: disabled, ...), but not 5.1.7 and 5.1.8 or a "Sender address"
     * refusal (our sender, which Postfix reports at RCPT); without one, the codes RFC 5321 gives the mailbox (550,
     * 551, 553). An answer of no known shape keeps JavaMail's word that the address is invalid.
     */
    static boolean aboutTheAddress(String answer) {
        if (answer.toLowerCase(Locale.ROOT).contains("sender address")) {
            // Postfix reports its sender restrictions at RCPT: our sender, not the recipient, was refused
            return false;
        }
        Matcher reply = REPLY.matcher(answer);
        if (!reply.find()) {
            return true;
        }
        if (reply.group(2) != null) {
            boolean sender = "1".equals(reply.group(3)) && ("7".equals(reply.group(4)) || "8".equals(reply.group(4)));
            return "5".equals(reply.group(2)) && ("1".equals(reply.group(3)) || "2".equals(reply.group(3)))
                    && !sender;
        }
        return Set.of("550", "551", "553").contains(reply.group(1));
    }

    /**
     * Why the e-mail can never be sent, or null when the failure is transient; kept as {@link #kept} keeps a reason.
     */
    static @Nullable String permanentReason(MailException failure) {
        if (failure instanceof MailAuthenticationException) {
            return null;
        }
        for (Throwable cause : causes(failure)) {
            if (cause instanceof AddressException address) {
                return kept("bad address: " + message(address));
            }
            if (cause instanceof SendFailedException refused && refused.getInvalidAddresses() != null
                    && refused.getInvalidAddresses().length > 0 && aboutTheAddress(serverAnswer(refused))) {
                return kept("bad address, refused by the SMTP server: " + serverAnswer(refused));
            }
        }
        if (failure instanceof MailPreparationException || failure instanceof MailParseException) {
            return kept("the e-mail could not be written: " + message(failure));
        }
        return null;
    }

    /**
     * Whether an e-mail that failed over a connection kept from an earlier one may go again at once over a fresh
     * connection: only when nothing of it was handed over ({@code written} {@code NONE}) and the server did not merely
     * take too long to answer. That is the case of a connection the server closed while it sat idle, which fails on
     * the e-mail's first command. A server that is slow is not gone; and one that took too long to confirm the end of
     * the e-mail's data has most likely taken it: sent again at once, the user got it twice (and again at every retry).
     */
    static boolean mayGoAgainAtOnce(StableIdMimeMessage.Written written, MessagingException failure) {
        return written == StableIdMimeMessage.Written.NONE
                && causes(failure).stream().noneMatch(SocketTimeoutException.class::isInstance);
    }

    /**
     * Whether the server was handed the whole e-mail and gave no answer to it: waiting for its reply to the end of the
     * data timed out, or the connection was lost while it was awaited (Angus Mail reports the end of the stream as the
     * reply {@code [EOF]}, which has no code). It may have taken the e-mail: a server may have stored it by then, which
     * is why RFC 5321 §4.5.3.2.6 has a client wait 10 minutes for that answer. A failure to write (the end of the data
     * still in the client's buffer when the connection broke, or a write that timed out: Angus Mail closes the socket,
     * which is no read timeout) is not: the server never got the end of the data, so it stored nothing, and the
     * e-mail goes again as after any other failure (the diff review found such an e-mail counted, and after a second
     * one FAILED as "may have been delivered").
     */
    static boolean unconfirmed(StableIdMimeMessage.Written written, MessagingException failure) {
        if (written != StableIdMimeMessage.Written.WHOLE) {
            return false;
        }
        List<Throwable> causes = causes(failure);
        boolean answered = causes.stream()
                .anyMatch(cause -> cause instanceof SendFailedException reply && REPLY.matcher(message(reply)).find());
        // Angus Mail: a reply that could not be read (timed out, or the connection reset meanwhile) is "Exception
        // reading response", and the end of the stream is the reply "[EOF]"
        boolean awaitedInVain = causes.stream().anyMatch(cause -> cause instanceof SocketTimeoutException
                || cause instanceof MessagingException reading && READING_REPLY.equals(reading.getMessage())
                || cause instanceof SendFailedException reply && message(reply).contains("[EOF]"));
        return !answered && awaitedInVain;
    }

    /**
     * The kind of failure as a metric tag, one of a few: {@code BAD_ADDRESS} and {@code UNWRITABLE} are permanent
     * (see {@link #permanentReason}), {@code SMTP_UNAVAILABLE} is everything worth another attempt.
     */
    static String kind(MailException failure) {
        String permanent = permanentReason(failure);
        if (permanent == null) {
            return "SMTP_UNAVAILABLE";
        }
        return permanent.startsWith("bad address") ? "BAD_ADDRESS" : "UNWRITABLE";
    }

    /** What to keep of a transient failure: its innermost message, kept as {@link #kept} keeps a reason. */
    static String transientReason(Exception failure) {
        List<Throwable> causes = causes(failure);
        return kept(failure.getClass().getSimpleName() + ": " + message(causes.get(causes.size() - 1)));
    }

    /**
     * A reason as the e-mail's {@code lastError} or {@code failureReason} (the user's timeline) and a log line keep it:
     * the server's words as {@link ForeignWords} keeps a vendor's, on one line with every address masked, at most
     * {@value ForeignWords#MAX} characters. A server's reply was kept whole but for its other lines: a NUL in it made
     * the statement that records the attempt fail, and the e-mail was claimed and tried again every lease,
     * forever; an escape or a 64 KiB line went to the timeline and the log as it came.
     */
    private static String kept(String reason) {
        return ForeignWords.kept(reason);
    }

    /** The server's own words: the message of the innermost exception JavaMail chained (e.g. "550 5.1.1 ..."). */
    private static String serverAnswer(MessagingException refused) {
        MessagingException innermost = refused;
        while (innermost.getNextException() instanceof MessagingException next && next != innermost) {
            innermost = next;
        }
        return message(innermost);
    }

    private static List<Throwable> causes(Throwable failure) {
        List<Throwable> causes = new ArrayList<>();
        collect(failure, causes);
        return causes;
    }

    private static void collect(@Nullable Throwable failure, List<Throwable> causes) {
        if (failure == null || causes.contains(failure) || causes.size() > 20) {
            return;
        }
        causes.add(failure);
        if (failure instanceof MailSendException send) {
            for (Exception each : send.getMessageExceptions()) {
                collect(each, causes);
            }
        }
        if (failure instanceof MessagingException messaging) {
            collect(messaging.getNextException(), causes);
        }
        collect(failure.getCause(), causes);
    }

    private static String message(Throwable failure) {
        String message = failure.getMessage();
        return message == null ? failure.getClass().getSimpleName() : message.lines().findFirst().orElse("").trim();
    }
}
