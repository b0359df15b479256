package io.extauth.simulator.telephony.sms;

import java.time.Instant;

import io.extauth.simulator.state.StatePersistence;
import io.extauth.simulator.telephony.Cancellable;
import io.extauth.simulator.telephony.TelephonyStore;
import org.springframework.stereotype.Component;

@Component
class Messages extends TelephonyStore<Sms> implements Cancellable {

    Messages(StatePersistence state) {
        super("sms", "/telephony/sms?to={number}", Sms.class, state);
    }

    /** A text may carry a one-time code: kept on disk only while it waits for the reply that uses it. */
    @Override
    protected Sms forStorage(Sms sms) {
        return sms.status() == SmsStatus.SENT ? sms : sms.withoutText();
    }

    @Override
    public int cancel(String reference, Instant now) {
        return cancelEach(sms -> sms.reference().equals(reference), sms -> sms.cancelledAsOf(now));
    }
}
