package io.extauth.challenge.callback.adapter;

import io.extauth.messaging.clock.DatabaseClock;
import java.time.Clock;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Forgets the signatures whose timestamps are too old to be accepted anyway, once a minute. */
@Component
class SignaturePurgeTimer {

    private final SeenSignatures seen;
    private final CallbackProperties properties;
    /** The time the callbacks' signatures are judged by: the instances agree on it ({@link DatabaseClock#realTime}). */
    private final Clock signatureClock;

    SignaturePurgeTimer(SeenSignatures seen, CallbackProperties properties, Clock clock) {
        this.seen = seen;
        this.properties = properties;
        this.signatureClock = DatabaseClock.realTime(clock);
    }

    @Scheduled(fixedDelayString = "PT1M", initialDelayString = "PT1M")
    void purge() {
        seen.purgeSignedBefore(signatureClock.instant().minus(properties.signatureTolerance()).minusSeconds(60));
    }
}
