package io.extauth.chaos.check;

import org.jspecify.annotations.Nullable;

/**
 * One thing that went wrong, and the phase of the driven order or challenge it concerns ({@code null} when it concerns
 * nothing the driver holds, e.g. a strike on a challenge whose id the driver never got: it belongs to the phase in
 * which it is first seen). {@code subject} names it (a user, a challenge, a Message-ID), so a finding seen again in a
 * later check is the same finding.
 */
public record Finding(@Nullable String phase, Kind kind, String subject, String detail) {

    public enum Kind { LOST, DOUBLED, UNEARNED_STRIKE }

    /** The identity of a finding across checks: kind and subject. */
    public String key() {
        return kind + " " + subject;
    }

    @Override
    public String toString() {
        return kind + " " + subject + ": " + detail;
    }
}
