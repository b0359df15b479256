package io.extauth.simulator.provisioning;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.databind.JavaType;
import tools.jackson.databind.type.TypeFactory;
import io.extauth.simulator.SimulatorReset;
import io.extauth.simulator.state.PersistentState;
import io.extauth.simulator.state.StatePersistence;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** PhoneFactor's user directory. An idempotency key is remembered for good: it always answers its first vendorRef. */
@Component
class PhoneFactorUsers implements PersistentState<PhoneFactorUsers.Snapshot> {

    record Snapshot(Map<String, String> refsByIdempotencyKey, Map<String, PhoneFactorUser> usersByRef) {
    }

    private final Map<String, String> refsByIdempotencyKey = new ConcurrentHashMap<>();
    private final Map<String, PhoneFactorUser> usersByRef = new ConcurrentHashMap<>();
    private final StatePersistence state;

    PhoneFactorUsers(StatePersistence state) {
        this.state = state;
        state.register(this);
    }

    synchronized Registration register(PhoneFactorUser user) {
        String known = refsByIdempotencyKey.get(user.idempotencyKey());
        if (known != null) {
            return new Registration(known, false);
        }
        String vendorRef = "PF-" + UUID.randomUUID();
        refsByIdempotencyKey.put(user.idempotencyKey(), vendorRef);
        usersByRef.put(vendorRef, user);
        state.changed();
        return new Registration(vendorRef, true);
    }

    Optional<PhoneFactorUser> find(String vendorRef) {
        return Optional.ofNullable(usersByRef.get(vendorRef));
    }

    void delete(String vendorRef) {
        if (usersByRef.remove(vendorRef) != null) {
            state.changed();
        }
    }

    @EventListener(SimulatorReset.class)
    synchronized void clear() {
        refsByIdempotencyKey.clear();
        usersByRef.clear();
        state.changed();
    }

    @Override
    public String stateKey() {
        return "phonefactor.users";
    }

    @Override
    public JavaType stateType(TypeFactory types) {
        return types.constructType(Snapshot.class);
    }

    @Override
    public Snapshot snapshot() {
        return new Snapshot(Map.copyOf(refsByIdempotencyKey), Map.copyOf(usersByRef));
    }

    @Override
    public void restore(Snapshot stored) {
        refsByIdempotencyKey.putAll(stored.refsByIdempotencyKey());
        usersByRef.putAll(stored.usersByRef());
    }
}
