package io.extauth.chaos.check;

/** One message the SMTP server accepted, by its Message-ID (angle brackets dropped), as often as it arrived. */
public record SmtpMessage(String messageId) {

    public static String normalize(String messageId) {
        String trimmed = messageId.trim();
        return trimmed.startsWith("<") && trimmed.endsWith(">") ? trimmed.substring(1, trimmed.length() - 1) : trimmed;
    }
}
