package io.extauth.chaos.check;

import org.jspecify.annotations.Nullable;

/**
 * One thing that went wrong, and the phase of the driven order or challenge it concerns ({@code null} when it concerns
 * nothing the driver holds, e.g. a strike on a challenge whose id the driver never got: it belongs to the phase in
 * which it is first seen). {@code subject} names it (a user, a challenge, a Message-ID), so a finding seen again in a
 * later check is the same finding.
 */
public record Finding(@Nullable String phase, Kind kind, String subject, String detail) {

    /**
     * {@code RESENT}: an e-mail with one {@code EmailSent} that the SMTP server took more than once under the same
     * Message-ID — the crash window of SMTP (the server took it, the sender died or lost its database before recording
     * SENT). It is reported, not failed: no protocol closes it, and receivers drop the copy by its Message-ID.
     * {@code DOUBLED} is any effect twice that has no such excuse (an event, or an SMTP copy without one EmailSent).
     */
    public enum Kind { LOST, DOUBLED, RESENT, UNEARNED_STRIKE }

    /** The identity of a finding across checks: kind and subject. */
    public String key() {
        return kind + " " + subject;
    }

    @Override
    public String toString() {
        return kind + " " + subject + ": " + detail;
    }
}
