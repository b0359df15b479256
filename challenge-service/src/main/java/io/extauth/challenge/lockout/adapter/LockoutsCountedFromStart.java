package io.extauth.challenge.lockout.adapter;

import io.extauth.contract.ChallengeOutcome;
import io.extauth.contract.ExtauthEvent;
import io.extauth.contract.LoginChannel;
import io.extauth.contract.events.ChallengeResult;
import io.extauth.service.metrics.CountedFromStart;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Each channel's lockout counter from 0 on start: {@code ExtauthLockoutSpike} sums their {@code increase()}, which
 * misses the first lockout of a counter made by that lockout.
 */
@Component
class LockoutsCountedFromStart implements CountedFromStart {

    @Override
    public List<ExtauthEvent> samples() {
        return Arrays.stream(LoginChannel.values()).<ExtauthEvent>map(channel -> new ChallengeResult("-", "-", "-",
                channel, ChallengeOutcome.LOCKED_OUT, 0, 0, null, Instant.EPOCH)).toList();
    }
}
