package io.extauth.challenge.activation.adapter;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Verification calls nobody answered in time fail, durably (the deadline is in the database). */
@Component
class VerificationExpiryTimer {

    private final PhoneFactorActivation activation;

    VerificationExpiryTimer(PhoneFactorActivation activation) {
        this.activation = activation;
    }

    @Scheduled(fixedDelayString = "${extauth.lockout.timer-interval-ms:1000}")
    void expireUnanswered() {
        activation.expireUnanswered();
    }
}
