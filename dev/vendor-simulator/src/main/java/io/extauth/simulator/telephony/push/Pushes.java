package io.extauth.simulator.telephony.push;

import java.time.Instant;
import java.util.List;

import io.extauth.simulator.callback.Callback;
import io.extauth.simulator.state.StatePersistence;
import io.extauth.simulator.telephony.CutByOutage;
import io.extauth.simulator.telephony.TelephonyStore;
import org.springframework.stereotype.Component;

@Component
class Pushes extends TelephonyStore<Push> implements CutByOutage {

    Pushes(StatePersistence state) {
        super("push", "/telephony/pushes?userId={userId}", Push.class, state);
    }

    @Override
    public List<Dropped> dropOpen(Instant stoppedAt) {
        return dropEach(push -> push.droppedAsOf(stoppedAt)).stream().map(push -> new Dropped(push.callbackUrl(),
                Callback.failed(Callback.Kind.PUSH, push.pushId(), push.reference()))).toList();
    }
}
