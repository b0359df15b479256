package io.extauth.challenge.callback.adapter;

import java.time.Clock;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Forgets the signatures whose timestamps are too old to be accepted anyway, once a minute. */
@Component
class SignaturePurgeTimer {

    private final SeenSignatures seen;
    private final CallbackProperties properties;
    private final Clock wallClock = Clock.systemUTC();

    SignaturePurgeTimer(SeenSignatures seen, CallbackProperties properties) {
        this.seen = seen;
        this.properties = properties;
    }

    @Scheduled(fixedDelayString = "PT1M", initialDelayString = "PT1M")
    void purge() {
        seen.purgeSignedBefore(wallClock.instant().minus(properties.signatureTolerance()).minusSeconds(60));
    }
}
