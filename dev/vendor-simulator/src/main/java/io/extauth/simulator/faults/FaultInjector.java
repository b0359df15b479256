package io.extauth.simulator.faults;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.DoubleSupplier;

import io.extauth.simulator.Problems;
import io.extauth.simulator.SimulatorReset;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** Holds the current faults and applies them to one request: delay first, then outage, then a random failure. */
@Component
public class FaultInjector {

    private final AtomicReference<Faults> faults = new AtomicReference<>(Faults.NONE);
    private final DoubleSupplier random;

    FaultInjector() {
        this(() -> ThreadLocalRandom.current().nextDouble());
    }

    FaultInjector(DoubleSupplier random) {
        this.random = random;
    }

    public Faults current() {
        return faults.get();
    }

    public void set(Faults newFaults) {
        faults.set(newFaults);
    }

    @EventListener(SimulatorReset.class)
    void clear() {
        faults.set(Faults.NONE);
    }

    void apply() throws InterruptedException {
        Faults now = faults.get();
        if (now.latencyMs() > 0) {
            Thread.sleep(now.latencyMs());
        }
        if (now.outage()) {
            throw Problems.problem(HttpStatus.SERVICE_UNAVAILABLE, "SIMULATED_OUTAGE",
                    "The vendor is down (simulated outage). Retry later; switch it off with PUT /simulator/faults.");
        }
        if (now.errorRate() > 0 && random.getAsDouble() < now.errorRate()) {
            throw Problems.problem(HttpStatus.INTERNAL_SERVER_ERROR, "SIMULATED_ERROR",
                    "The vendor failed (simulated, errorRate " + now.errorRate() + "). Retry.");
        }
    }
}
