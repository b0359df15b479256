package io.extauth.notification.mail;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secret that turns an event and an admin's address into the recipient's part of a fraud notice's Message-ID. The
 * Message-ID is published on {@code auth.email-sent} (with the masked address, {@code j***@example.com}); a plain hash
 * of the address would let anyone who reads the topic test guesses of who the admins are, one hash per guess, and link
 * one admin's notices across accounts. Keyed, and over the event too, it tells nothing but that the notices of one
 * event went to different admins. Kept in the service's database (V8), where the clear addresses are too.
 */
public final class MessageIdKey {

    private static final String HMAC = "HmacSHA256";

    private final SecretKeySpec key;

    public MessageIdKey(byte[] secret) {
        if (secret.length < 16) {
            throw new IllegalArgumentException("a Message-ID key is at least 16 bytes; this one is " + secret.length);
        }
        this.key = new SecretKeySpec(secret.clone(), HMAC);
    }

    /**
     * 16 hex digits of HMAC-SHA256 of the event id, a NUL and the lower-cased, stripped address: the same event and
     * admin, the same part (a resend keeps its Message-ID); another event, another part.
     */
    String recipientPart(String eventId, String recipient) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            mac.update(eventId.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            byte[] digest = mac.doFinal(recipient.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JVM", e);
        }
    }

    /** The key stays out of logs. */
    @Override
    public String toString() {
        return "MessageIdKey[******]";
    }
}
