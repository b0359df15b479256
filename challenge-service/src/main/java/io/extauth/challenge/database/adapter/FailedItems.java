package io.extauth.challenge.database.adapter;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/**
 * The items a timer could not handle (a row of a later version it cannot read, say), each put off with a doubling
 * wait, from a minute to an hour, so that it is neither tried every tick nor logged in full every tick: its first
 * failure is logged with its stack trace, the next ones in a line. The timer skips an item while it waits and asks
 * for as many more as wait, so that they never fill its batch. Per instance; forgotten on a restart.
 *
 * @param <K> the item's id
 */
public final class FailedItems<K> {

    private static final Duration FIRST_WAIT = Duration.ofMinutes(1);
    private static final Duration LONGEST_WAIT = Duration.ofHours(1);

    private record Wait(Instant until, Duration delay) {
    }

    private final Logger log;
    private final String what;
    private final Map<K, Wait> waits = new ConcurrentHashMap<>();

    /** {@code what}: the items' name in the log lines ("Challenge", "Phone verification"). */
    public FailedItems(Logger log, String what) {
        this.log = log;
        this.what = what;
    }

    /** Whether the item failed and its wait has not run out at {@code now}: the timer skips it. */
    public boolean waiting(K item, Instant now) {
        Wait wait = waits.get(item);
        return wait != null && now.isBefore(wait.until());
    }

    /** How many items are put off: the timer asks for as many more. */
    public int size() {
        return waits.size();
    }

    public void failed(K item, Instant now, RuntimeException failure) {
        Wait before = waits.get(item);
        Duration delay = before == null ? FIRST_WAIT : before.delay().multipliedBy(2);
        delay = delay.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : delay;
        waits.put(item, new Wait(now.plus(delay), delay));
        if (before == null) {
            log.error("{} {} could not be handled; the others are, and it is tried again in {}", what, item, delay,
                    failure);
        } else {
            log.warn("{} {} could not be handled again ({}); next try in {}", what, item, failure, delay);
        }
    }

    public void succeeded(K item) {
        waits.remove(item);
    }

    /** Forgets the items no longer due (decided meanwhile): call with every item due, when the batch held them all. */
    public void retainAll(Collection<K> due) {
        waits.keySet().retainAll(due);
    }
}
