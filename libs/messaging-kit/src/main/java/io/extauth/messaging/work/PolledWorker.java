package io.extauth.messaging.work;

import java.time.Duration;
import java.util.function.Consumer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.SmartLifecycle;

/**
 * A {@link WorkRunner} as a bean of a service's context. It polls on the runner's own timer every poll interval from
 * the moment it is initialised (as {@code @Scheduled} did, without a Spring scheduler: no observation per tick, and
 * also for an instance created after the context started), claims nothing while the context is stopped (e.g. one that
 * Spring's test context cache is not using), polls again when it starts, and shuts the runner down when the bean is
 * destroyed. A worker says only how it works one claimed row: {@link #work}. Whoever adds work in a transaction may
 * say so ({@link #workAdded}): the worker then claims it once that transaction commits, not at the next poll.
 */
public abstract class PolledWorker<T> implements InitializingBean, SmartLifecycle, DisposableBean {

    protected final WorkRunner<T> runner;
    private final Duration pollInterval;
    private final boolean wakeOnNewWork;
    private final Consumer<Claim<T>> perform = this::work;

    /**
     * @param wakeOnNewWork whether {@link #workAdded} wakes the runner; without it, added work waits for the next
     *                      poll, up to {@code pollInterval}
     */
    protected PolledWorker(WorkRunner<T> runner, Duration pollInterval, boolean wakeOnNewWork) {
        this.runner = runner;
        this.pollInterval = pollInterval;
        this.wakeOnNewWork = wakeOnNewWork;
    }

    /** Works one claimed row on one of the runner's threads, recording its outcome with {@link WorkRunner#record}. */
    protected abstract void work(Claim<T> claim);

    @Override
    public void afterPropertiesSet() {
        start();
    }

    @Override
    public void start() {
        runner.start(pollInterval, perform);
    }

    @Override
    public void stop() {
        runner.pause();
    }

    @Override
    public boolean isRunning() {
        return runner.isPolling();
    }

    @Override
    public void destroy() throws InterruptedException {
        runner.shutdown();
    }

    /** Claims due rows for the free slots and hands them to the runner's threads; never waits for the work itself. */
    public void poll() {
        runner.poll(perform);
    }

    /**
     * Says that the calling thread's transaction added work for this worker: it is claimed once the transaction
     * commits, on the runner's own thread, however many rows the transaction added ({@link WorkRunner#workAdded}).
     */
    public void workAdded() {
        if (wakeOnNewWork) {
            runner.workAdded(perform);
        }
    }

    /** How many rows this instance has claimed so far (for tests and metrics). */
    public int claimedSoFar() {
        return runner.claimedSoFar();
    }

    /** Whether no claimed work runs or waits in this instance ({@link WorkRunner#isIdle}; for tests). */
    public boolean isIdle() {
        return runner.isIdle();
    }
}
