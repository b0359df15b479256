package io.extauth.simulator.telephony.call;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.extauth.simulator.callback.Callback;
import io.extauth.simulator.state.StatePersistence;
import io.extauth.simulator.telephony.ContactLookup;
import io.extauth.simulator.telephony.CutByOutage;
import io.extauth.simulator.telephony.PhoneNumbers;

import io.extauth.simulator.telephony.Cancellable;
import io.extauth.simulator.telephony.TelephonyProperties;
import io.extauth.simulator.telephony.TelephonyStore;
import org.springframework.stereotype.Component;

@Component
class Calls extends TelephonyStore<Call> implements CutByOutage, Cancellable, ContactLookup {

    Calls(StatePersistence state, TelephonyProperties limits, Clock clock) {
        super("call", "/telephony/calls?to={number}", Call.class, state, Call::reference,
                call -> PhoneNumbers.line(call.to()), limits, clock);
    }

    @Override
    protected boolean open(Call call, Instant now) {
        return call.asOf(now).status() == CallStatus.RINGING;
    }

    @Override
    public List<Dropped> dropOpen(Instant stoppedAt) {
        return dropEach(call -> call.droppedAsOf(stoppedAt)).stream().map(call -> new Dropped(call.callbackUrl(),
                Callback.failed(Callback.Kind.CALL, call.callId(), call.reference()))).toList();
    }

    @Override
    public Optional<ContactState> byReference(String reference, Instant now) {
        return withReference(reference).stream().findFirst().map(call -> call.asOf(now))
                .map(call -> new ContactState("CALL", call.callId(), call.reference(), call.status().name()));
    }

    @Override
    public int cancel(String reference, Instant now) {
        return cancelEach(reference, call -> call.cancelledAsOf(now));
    }
}
