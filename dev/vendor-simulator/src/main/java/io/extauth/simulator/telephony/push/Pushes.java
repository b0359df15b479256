package io.extauth.simulator.telephony.push;

import io.extauth.simulator.state.StatePersistence;
import io.extauth.simulator.telephony.TelephonyStore;
import org.springframework.stereotype.Component;

@Component
class Pushes extends TelephonyStore<Push> {

    Pushes(StatePersistence state) {
        super("push", "/telephony/pushes?userId={userId}", Push.class, state);
    }
}
