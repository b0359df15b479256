package io.extauth.simulator.telephony.sms;

import java.time.Instant;
import java.util.List;

import io.extauth.simulator.callback.Callback;
import io.extauth.simulator.state.StatePersistence;
import io.extauth.simulator.telephony.CutByOutage;

import io.extauth.simulator.telephony.Cancellable;
import io.extauth.simulator.telephony.TelephonyStore;
import org.springframework.stereotype.Component;

@Component
class Messages extends TelephonyStore<Sms> implements CutByOutage, Cancellable {

    Messages(StatePersistence state) {
        super("sms", "/telephony/sms?to={number}", Sms.class, state);
    }

    /** A text may carry a one-time code: kept on disk only while it waits for the reply that uses it. */
    @Override
    protected Sms forStorage(Sms sms) {
        return sms.status() == SmsStatus.SENT ? sms : sms.withoutText();
    }

    @Override
    public List<Dropped> dropOpen(Instant now) {
        return dropEach(sms -> sms.droppedAsOf(now)).stream().map(sms -> new Dropped(sms.callbackUrl(),
                Callback.failed(Callback.Kind.SMS, sms.smsId(), sms.reference()), sms.expiresAt())).toList();
    }

    @Override
    public int cancel(String reference, Instant now) {
        return cancelEach(sms -> sms.reference().equals(reference), sms -> sms.cancelledAsOf(now));
    }
}
