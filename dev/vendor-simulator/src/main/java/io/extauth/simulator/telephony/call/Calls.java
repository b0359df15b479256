package io.extauth.simulator.telephony.call;

import io.extauth.simulator.telephony.TelephonyStore;
import org.springframework.stereotype.Component;

@Component
class Calls extends TelephonyStore<Call> {

    Calls() {
        super("call", "/telephony/calls?to={number}");
    }
}
