package io.extauth.simulator.telephony.sms;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.extauth.simulator.callback.Callback;
import io.extauth.simulator.state.StatePersistence;
import io.extauth.simulator.telephony.ContactLookup;
import io.extauth.simulator.telephony.CutByOutage;
import io.extauth.simulator.telephony.PhoneNumbers;

import io.extauth.simulator.telephony.Cancellable;
import io.extauth.simulator.telephony.TelephonyProperties;
import io.extauth.simulator.telephony.TelephonyStore;
import org.springframework.stereotype.Component;

@Component
class Messages extends TelephonyStore<Sms> implements CutByOutage, Cancellable, ContactLookup {

    Messages(StatePersistence state, TelephonyProperties limits, Clock clock) {
        super("sms", "/telephony/sms?to={number}", Sms.class, state, Sms::reference,
                sms -> PhoneNumbers.line(sms.to()), limits, clock);
    }

    /** A text may carry a one-time code: kept on disk only while it waits for the reply that uses it. */
    @Override
    protected Sms forStorage(Sms sms) {
        return sms.status() == SmsStatus.SENT ? sms : sms.withoutText();
    }

    @Override
    protected boolean open(Sms sms, Instant now) {
        return sms.asOf(now).status() == SmsStatus.SENT;
    }

    @Override
    public List<Dropped> dropOpen(Instant stoppedAt) {
        return dropEach(sms -> sms.droppedAsOf(stoppedAt)).stream().map(sms -> new Dropped(sms.callbackUrl(),
                Callback.failed(Callback.Kind.SMS, sms.smsId(), sms.reference()))).toList();
    }

    @Override
    public Optional<ContactState> byReference(String reference, Instant now) {
        return withReference(reference).stream().findFirst().map(sms -> sms.asOf(now))
                .map(sms -> new ContactState("SMS", sms.smsId(), sms.reference(), sms.status().name()));
    }

    @Override
    public int cancel(String reference, Instant now) {
        return cancelEach(reference, sms -> sms.cancelledAsOf(now));
    }
}
