package io.extauth.challenge.lockout.adapter;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The durable unlock timer: {@code locked_until} is in the database, so a lock ends on time across restarts, and
 * {@code FOR UPDATE SKIP LOCKED} lets every instance run it without unlocking a user twice.
 */
@Component
class UnlockTimer {

    private final Unlocks unlocks;

    UnlockTimer(Unlocks unlocks) {
        this.unlocks = unlocks;
    }

    @Scheduled(fixedDelayString = "${extauth.lockout.timer-interval-ms:1000}")
    void unlockExpired() {
        while (unlocks.unlockExpired(100) == 100) {
            // a full batch: more may be waiting
        }
    }
}
