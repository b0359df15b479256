package io.extauth.simulator.vip.web;

import io.extauth.simulator.SimulatorReset;
import io.extauth.simulator.vip.VipTokens;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

@Component
class VipReset {

    private final VipTokens tokens;

    VipReset(VipTokens tokens) {
        this.tokens = tokens;
    }

    @EventListener(SimulatorReset.class)
    void forgetUsedCodes() {
        tokens.forgetUsedCodes();
    }
}
