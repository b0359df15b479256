package io.extauth.simulator.telephony.call;

import java.time.Instant;

import io.extauth.simulator.state.StatePersistence;
import io.extauth.simulator.telephony.Cancellable;
import io.extauth.simulator.telephony.TelephonyStore;
import org.springframework.stereotype.Component;

@Component
class Calls extends TelephonyStore<Call> implements Cancellable {

    Calls(StatePersistence state) {
        super("call", "/telephony/calls?to={number}", Call.class, state);
    }

    @Override
    public int cancel(String reference, Instant now) {
        return cancelEach(call -> call.reference().equals(reference), call -> call.cancelledAsOf(now));
    }
}
