package io.extauth.simulator.provisioning;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.extauth.simulator.SimulatorReset;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** PhoneFactor's user directory. An idempotency key is remembered for good: it always answers its first vendorRef. */
@Component
class PhoneFactorUsers {

    private final Map<String, String> refsByIdempotencyKey = new ConcurrentHashMap<>();
    private final Map<String, PhoneFactorUser> usersByRef = new ConcurrentHashMap<>();

    synchronized Registration register(PhoneFactorUser user) {
        String known = refsByIdempotencyKey.get(user.idempotencyKey());
        if (known != null) {
            return new Registration(known, false);
        }
        String vendorRef = "PF-" + UUID.randomUUID();
        refsByIdempotencyKey.put(user.idempotencyKey(), vendorRef);
        usersByRef.put(vendorRef, user);
        return new Registration(vendorRef, true);
    }

    Optional<PhoneFactorUser> find(String vendorRef) {
        return Optional.ofNullable(usersByRef.get(vendorRef));
    }

    void delete(String vendorRef) {
        usersByRef.remove(vendorRef);
    }

    @EventListener(SimulatorReset.class)
    synchronized void clear() {
        refsByIdempotencyKey.clear();
        usersByRef.clear();
    }
}
