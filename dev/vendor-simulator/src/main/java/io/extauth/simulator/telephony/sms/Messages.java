package io.extauth.simulator.telephony.sms;

import io.extauth.simulator.telephony.TelephonyStore;
import org.springframework.stereotype.Component;

@Component
class Messages extends TelephonyStore<Sms> {

    Messages() {
        super("sms", "/telephony/sms?to={number}");
    }
}
