package io.extauth.simulator.provisioning;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.extauth.simulator.SimulatorReset;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** VIP's credential bindings: a credential belongs to at most one user; idempotency keys replay their first answer. */
@Component
class VipCredentials {

    private final Map<String, String> refsByIdempotencyKey = new ConcurrentHashMap<>();
    private final Map<String, VipBinding> bindingsByCredentialId = new ConcurrentHashMap<>();

    synchronized BindOutcome bind(VipCredential credential) {
        String known = refsByIdempotencyKey.get(credential.idempotencyKey());
        if (known != null) {
            return new BindOutcome.Bound(new Registration(known, false));
        }
        VipBinding existing = bindingsByCredentialId.get(credential.credentialId());
        if (existing != null && !existing.credential().sameUserAs(credential)) {
            return new BindOutcome.BoundElsewhere();
        }
        boolean created = existing == null;
        String vendorRef = created ? "VIP-" + UUID.randomUUID() : existing.vendorRef();
        if (created) {
            bindingsByCredentialId.put(credential.credentialId(), new VipBinding(vendorRef, credential));
        }
        refsByIdempotencyKey.put(credential.idempotencyKey(), vendorRef);
        return new BindOutcome.Bound(new Registration(vendorRef, created));
    }

    Optional<VipBinding> find(String credentialId) {
        return Optional.ofNullable(bindingsByCredentialId.get(credentialId));
    }

    synchronized void unbind(String credentialId) {
        bindingsByCredentialId.remove(credentialId);
    }

    @EventListener(SimulatorReset.class)
    synchronized void clear() {
        refsByIdempotencyKey.clear();
        bindingsByCredentialId.clear();
    }
}
