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

/** VIP's credential bindings: a credential belongs to at most one user; idempotency keys replay their first answer. */
@Component
class VipCredentials implements PersistentState<VipCredentials.Snapshot> {

    record Snapshot(Map<String, String> refsByIdempotencyKey, Map<String, VipBinding> bindingsByCredentialId) {
    }

    private final Map<String, String> refsByIdempotencyKey = new ConcurrentHashMap<>();
    private final Map<String, VipBinding> bindingsByCredentialId = new ConcurrentHashMap<>();
    private final StatePersistence state;

    VipCredentials(StatePersistence state) {
        this.state = state;
        state.register(this);
    }

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
        state.changed();
        return new BindOutcome.Bound(new Registration(vendorRef, created));
    }

    Optional<VipBinding> find(String credentialId) {
        return Optional.ofNullable(bindingsByCredentialId.get(credentialId));
    }

    /**
     * Removes the credential from the user named, as VIP's RemoveCredential (which takes the userId and the
     * credentialId) does: a credential another user holds is theirs, whoever asks. A removal that names no user could
     * unbind a later user's binding when it is repeated (its first answer lost).
     */
    synchronized UnbindOutcome unbind(String credentialId, String accountId, String userId) {
        VipBinding existing = bindingsByCredentialId.get(credentialId);
        if (existing == null) {
            return UnbindOutcome.NOT_BOUND;
        }
        if (!existing.credential().isOf(accountId, userId)) {
            return UnbindOutcome.BOUND_ELSEWHERE;
        }
        bindingsByCredentialId.remove(credentialId);
        state.changed();
        return UnbindOutcome.UNBOUND;
    }

    /** Removes the credential from whoever holds it: the simulator's own, for a person who names no user. */
    synchronized void unbindFromAnyone(String credentialId) {
        if (bindingsByCredentialId.remove(credentialId) != null) {
            state.changed();
        }
    }

    @EventListener(SimulatorReset.class)
    synchronized void clear() {
        refsByIdempotencyKey.clear();
        bindingsByCredentialId.clear();
        state.changed();
    }

    @Override
    public String stateKey() {
        return "vip.credentials";
    }

    @Override
    public JavaType stateType(TypeFactory types) {
        return types.constructType(Snapshot.class);
    }

    @Override
    public Snapshot snapshot() {
        return new Snapshot(Map.copyOf(refsByIdempotencyKey), Map.copyOf(bindingsByCredentialId));
    }

    @Override
    public void restore(Snapshot stored) {
        refsByIdempotencyKey.putAll(stored.refsByIdempotencyKey());
        bindingsByCredentialId.putAll(stored.bindingsByCredentialId());
    }
}
