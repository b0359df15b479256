package io.extauth.simulator.telephony.call;

import java.time.Instant;
import java.util.List;

import io.extauth.simulator.callback.Callback;
import io.extauth.simulator.state.StatePersistence;
import io.extauth.simulator.telephony.CutByOutage;

import io.extauth.simulator.telephony.Cancellable;
import io.extauth.simulator.telephony.TelephonyStore;
import org.springframework.stereotype.Component;

@Component
class Calls extends TelephonyStore<Call> implements CutByOutage, Cancellable {

    Calls(StatePersistence state) {
        super("call", "/telephony/calls?to={number}", Call.class, state);
    }

    @Override
    public List<Dropped> dropOpen(Instant now) {
        return dropEach(call -> call.droppedAsOf(now)).stream().map(call -> new Dropped(call.callbackUrl(),
                Callback.failed(Callback.Kind.CALL, call.callId(), call.reference()), call.expiresAt())).toList();
    }

    @Override
    public int cancel(String reference, Instant now) {
        return cancelEach(call -> call.reference().equals(reference), call -> call.cancelledAsOf(now));
    }
}
