package io.extauth.simulator.telephony.push;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.extauth.simulator.callback.Callback;
import io.extauth.simulator.state.StatePersistence;
import io.extauth.simulator.telephony.ContactLookup;
import io.extauth.simulator.telephony.CutByOutage;

import io.extauth.simulator.telephony.Cancellable;
import io.extauth.simulator.telephony.TelephonyProperties;
import io.extauth.simulator.telephony.TelephonyStore;
import org.springframework.stereotype.Component;

@Component
class Pushes extends TelephonyStore<Push> implements CutByOutage, Cancellable, ContactLookup {

    Pushes(StatePersistence state, TelephonyProperties limits, Clock clock) {
        super("push", "/telephony/pushes?userId={userId}", Push.class, state, Push::reference, Push::userId, limits, clock);
    }

    @Override
    protected boolean open(Push push, Instant now) {
        return push.asOf(now).status() == PushStatus.PENDING;
    }

    @Override
    public List<Dropped> dropOpen(Instant stoppedAt) {
        return dropEach(push -> push.droppedAsOf(stoppedAt)).stream().map(push -> new Dropped(push.callbackUrl(),
                Callback.failed(Callback.Kind.PUSH, push.pushId(), push.reference()))).toList();
    }

    @Override
    public Optional<ContactState> byReference(String reference, Instant now) {
        return withReference(reference).stream().findFirst().map(push -> push.asOf(now))
                .map(push -> new ContactState("PUSH", push.pushId(), push.reference(), push.status().name()));
    }

    @Override
    public int cancel(String reference, Instant now) {
        return cancelEach(reference, push -> push.cancelledAsOf(now));
    }
}
