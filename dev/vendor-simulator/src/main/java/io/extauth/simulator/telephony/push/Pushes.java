package io.extauth.simulator.telephony.push;

import java.time.Instant;

import io.extauth.simulator.state.StatePersistence;
import io.extauth.simulator.telephony.Cancellable;
import io.extauth.simulator.telephony.TelephonyStore;
import org.springframework.stereotype.Component;

@Component
class Pushes extends TelephonyStore<Push> implements Cancellable {

    Pushes(StatePersistence state) {
        super("push", "/telephony/pushes?userId={userId}", Push.class, state);
    }

    @Override
    public int cancel(String reference, Instant now) {
        return cancelEach(push -> push.reference().equals(reference), push -> push.cancelledAsOf(now));
    }
}
