package io.extauth.simulator.telephony.push;

import io.extauth.simulator.telephony.TelephonyStore;
import org.springframework.stereotype.Component;

@Component
class Pushes extends TelephonyStore<Push> {

    Pushes() {
        super("push", "/telephony/pushes?userId={userId}");
    }
}
