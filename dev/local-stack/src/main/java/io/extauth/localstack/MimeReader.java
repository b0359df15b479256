package io.extauth.localstack;

import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.jspecify.annotations.Nullable;

/** Turns a received MIME message into a {@link ReceivedMail}: the first plain-text part and the first HTML part. */
final class MimeReader {

    private MimeReader() {
    }

    static ReceivedMail read(MimeMessage message) {
        try {
            return read(message, message.getReceivedDate() == null ? null : message.getReceivedDate().toInstant());
        } catch (MessagingException e) {
            throw new IllegalStateException("unreadable message: " + e.getMessage(), e);
        }
    }

    /** As {@link #read(MimeMessage)}, with the receipt time the stack recorded itself. */
    static ReceivedMail read(MimeMessage message, @Nullable Instant receivedAt) {
        try {
            Address[] from = message.getFrom();
            return new ReceivedMail(
                    message.getMessageID(),
                    from == null || from.length == 0 ? null : address(from[0]),
                    recipients(message),
                    message.getSubject(),
                    part(message, "text/plain"),
                    part(message, "text/html"),
                    receivedAt == null ? null : receivedAt.toString());
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("unreadable message: " + e.getMessage(), e);
        }
    }

    private static List<String> recipients(MimeMessage message) throws MessagingException {
        Address[] to = message.getRecipients(Message.RecipientType.TO);
        return to == null ? List.of() : Arrays.stream(to).map(MimeReader::address).toList();
    }

    private static String address(Address address) {
        return address instanceof InternetAddress internet ? internet.getAddress() : address.toString();
    }

    private static @Nullable String part(Part part, String mimeType) throws MessagingException, IOException {
        if (part.isMimeType(mimeType) && !Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
            return String.valueOf(part.getContent());
        }
        if (part.isMimeType("multipart/*") && part.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                String found = part(child, mimeType);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
