package io.extauth.simulator.telephony.call;

import io.extauth.simulator.state.StatePersistence;
import io.extauth.simulator.telephony.TelephonyStore;
import org.springframework.stereotype.Component;

@Component
class Calls extends TelephonyStore<Call> {

    Calls(StatePersistence state) {
        super("call", "/telephony/calls?to={number}", Call.class, state);
    }
}
