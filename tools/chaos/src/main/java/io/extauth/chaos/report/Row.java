package io.extauth.chaos.report;

/**
 * One fault's line of the table. {@code audit} is the exit code of {@code ./extauth audit} after it; {@code recovery}
 * the seconds from the fault until the cluster was quiet again, or -1 when it never was within the timeout.
 * {@code resent} (e-mails the SMTP server took twice under one Message-ID, see {@code Finding.Kind.RESENT}) is shown
 * but leaves the row clean.
 */
public record Row(String fault, long orders, long challenges, long lost, long doubled, long resent,
        long unearnedStrikes, int audit, double recoverySeconds) {

    public boolean clean() {
        return lost == 0 && doubled == 0 && unearnedStrikes == 0 && audit == 0 && recoverySeconds >= 0;
    }
}
