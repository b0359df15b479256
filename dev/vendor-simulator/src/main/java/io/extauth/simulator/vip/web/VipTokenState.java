package io.extauth.simulator.vip.web;

import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JavaType;
import tools.jackson.databind.type.TypeFactory;
import io.extauth.simulator.SimulatorReset;
import io.extauth.simulator.state.PersistentState;
import io.extauth.simulator.state.StatePersistence;
import io.extauth.simulator.vip.VipTokens;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** The codes VIP accepted already, as time steps per credential: forgotten on reset, kept across restarts. */
@Component
class VipTokenState implements PersistentState<Map<String, Set<Long>>> {

    private final VipTokens tokens;
    private final StatePersistence state;

    VipTokenState(VipTokens tokens, StatePersistence state) {
        this.tokens = tokens;
        this.state = state;
        state.register(this);
    }

    void codeAccepted() {
        state.changed();
    }

    @EventListener(SimulatorReset.class)
    void forgetUsedCodes() {
        tokens.forgetUsedCodes();
        state.changed();
    }

    @Override
    public String stateKey() {
        return "vip.usedSteps";
    }

    @Override
    public JavaType stateType(TypeFactory types) {
        return types.constructMapType(Map.class, types.constructType(String.class),
                types.constructCollectionType(Set.class, Long.class));
    }

    @Override
    public Map<String, Set<Long>> snapshot() {
        return tokens.usedSteps();
    }

    @Override
    public void restore(Map<String, Set<Long>> stored) {
        tokens.rememberUsedSteps(stored);
    }
}
