package io.extauth.simulator.telephony.sms;

import io.extauth.simulator.state.StatePersistence;
import io.extauth.simulator.telephony.TelephonyStore;
import org.springframework.stereotype.Component;

@Component
class Messages extends TelephonyStore<Sms> {

    Messages(StatePersistence state) {
        super("sms", "/telephony/sms?to={number}", Sms.class, state);
    }

    /** A text may carry a one-time code: kept on disk only while it waits for the reply that uses it. */
    @Override
    protected Sms forStorage(Sms sms) {
        return sms.status() == SmsStatus.SENT ? sms : sms.withoutText();
    }
}
