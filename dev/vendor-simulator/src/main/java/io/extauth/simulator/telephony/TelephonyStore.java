package io.extauth.simulator.telephony;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import tools.jackson.databind.JavaType;
import tools.jackson.databind.type.TypeFactory;
import io.extauth.simulator.Problems;
import io.extauth.simulator.SimulatorReset;
import io.extauth.simulator.StateConflict;
import io.extauth.simulator.state.PersistentState;
import io.extauth.simulator.state.StatePersistence;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;

/**
 * Calls, SMS or pushes, newest first, each changed by one user action at a time; kept by {@link StatePersistence}
 * across restarts when it has a file.
 * <p>
 * Each item is also indexed by its reference (the challenge or verification it belongs to) and by whom it goes to
 * (the phone line, or the user of a push): a benchmark's devices ask "is my phone ringing?" many times a second, and
 * answering that by sorting every call the simulator ever placed made the stand-in use more of the stack's cores than
 * extauth itself (issue 14). Neither key of an item changes, so an index changes only with {@link #add} and when an
 * item is forgotten.
 * <p>
 * <b>What is kept.</b> At most {@link TelephonyProperties#kept()} items: when an item added makes more, the oldest
 * items that are over ({@link #open} says which are not) are forgotten. An item still open is never forgotten, a user
 * may still act on it, so the store holds more only while more than that are open. Before this bound every contact of
 * the store's life stayed in the heap and was rewritten by every write of the state file (issue 14).
 */
public abstract class TelephonyStore<T> implements PersistentState<Map<String, TelephonyStore.Entry<T>>> {

    /** An item and its place in the order of arrival. */
    public record Entry<T>(long sequence, T item) {
    }

    private static final int LOOKS_PER_ADD = 64;

    private final String noun;
    private final String listPath;
    private final Class<T> type;
    private final StatePersistence state;
    private final AtomicLong sequence = new AtomicLong();
    private final Map<String, Entry<T>> entries = new ConcurrentHashMap<>();
    private final Set<String> busy = ConcurrentHashMap.newKeySet();
    private final Index byReference;
    private final Index byRecipient;

    /** The ids in the order they were added, the oldest first: where forgetting starts. */
    private final Queue<String> arrivals = new ConcurrentLinkedQueue<>();
    private final ReentrantLock forgetting = new ReentrantLock();
    private final int kept;
    private final Clock clock;

    /**
     * @param referenceOf the challenge or verification an item belongs to
     * @param recipientOf whom it goes to, as {@link #to} is asked for it (a phone line without extension, a user id)
     */
    protected TelephonyStore(String noun, String listPath, Class<T> type, StatePersistence state,
            Function<T, String> referenceOf, Function<T, String> recipientOf, TelephonyProperties limits, Clock clock) {
        this.kept = limits.kept();
        this.clock = clock;
        this.noun = noun;
        this.listPath = listPath;
        this.type = type;
        this.state = state;
        this.byReference = new Index(referenceOf);
        this.byRecipient = new Index(recipientOf);
        // last: the subclasses hold no state of their own, so this store is complete here
        state.register(this);
    }

    public void add(String id, T item) {
        entries.put(id, new Entry<>(sequence.incrementAndGet(), item));
        byReference.add(id, item);
        byRecipient.add(id, item);
        arrivals.add(id);
        forgetTheOldestOver();
        state.changed();
    }

    /** Whether a user may still act on the item at {@code now} (a call ringing, an SMS waiting for its reply, ...). */
    protected abstract boolean open(T item, Instant now);

    /**
     * Forgets the oldest items that are over until at most {@link #kept} items remain, looking at no more than
     * {@value #LOOKS_PER_ADD} per add: an open item met on the way goes to the back of the line, so a crowd of open ones
     * at its head neither stops forgetting nor makes every add walk the whole store. One thread forgets at a time;
     * another that finds it busy leaves it to that one (the next add looks again).
     */
    private void forgetTheOldestOver() {
        if (entries.size() <= kept || !forgetting.tryLock()) {
            return;
        }
        try {
            Instant now = clock.instant();
            for (int looks = 0; looks < LOOKS_PER_ADD && entries.size() > kept; looks++) {
                String id = arrivals.poll();
                if (id == null) {
                    return;
                }
                if (!entries.containsKey(id)) {
                    continue; // gone by a reset
                }
                if (!busy.add(id)) {
                    arrivals.add(id); // a user is acting on it right now
                    continue;
                }
                try {
                    Entry<T> entry = entries.get(id);
                    if (entry != null && open(entry.item(), now)) {
                        arrivals.add(id); // a user may still act on it
                    } else if (entry != null && entries.remove(id, entry)) {
                        byReference.remove(id, entry.item());
                        byRecipient.remove(id, entry.item());
                    }
                } finally {
                    busy.remove(id);
                }
            }
        } finally {
            forgetting.unlock();
        }
    }

    /**
     * Adds the item unless this store holds one with the same reference already, and returns the one it holds: a second
     * call, text or push for one reference (the challenge id) is the same contact, as a vendor that is idempotent by
     * reference treats it (the caller retried, or another instance took over a delivery whose instance died). The
     * first is answered again; nothing rings or is sent twice.
     */
    public synchronized T addOnce(String id, T item) {
        List<T> held = withReference(byReference.keyOf(item));
        if (!held.isEmpty()) {
            return held.get(held.size() - 1);
        }
        add(id, item);
        return item;
    }

    /**
     * Moves each item to what {@code drop} makes of it, as an outage of the gateway does to those still open, and returns
     * the ones that changed; {@code drop} returns the item itself when it is not open. No callback is sent here.
     */
    protected List<T> dropEach(UnaryOperator<T> drop) {
        List<T> dropped = new ArrayList<>();
        for (String id : entries.keySet()) {
            if (!busy.add(id)) {
                continue; // a user acting on it right now: it is that action's
            }
            try {
                Entry<T> current = entries.get(id);
                if (current != null) {
                    T next = drop.apply(current.item());
                    if (next != current.item()) {
                        entries.replace(id, current, new Entry<>(current.sequence(), next));
                        dropped.add(next);
                    }
                }
            } finally {
                busy.remove(id);
            }
        }
        if (!dropped.isEmpty()) {
            state.changed();
        }
        return dropped;
    }

    public T get(String id) {
        return entry(id).item();
    }

    /** Every item, newest first. */
    public List<T> list() {
        return newestFirst(entries.values());
    }

    /** The items of one challenge or verification, newest first. */
    public List<T> withReference(String reference) {
        return newestFirst(byReference.entries(reference));
    }

    /** The items that went to {@code recipient} (as the store's {@code recipientOf} names it), newest first. */
    public List<T> to(String recipient) {
        return newestFirst(byRecipient.entries(recipient));
    }

    private List<T> newestFirst(Collection<Entry<T>> held) {
        return held.stream()
                .sorted(Comparator.comparingLong((Entry<T> entry) -> entry.sequence()).reversed())
                .map(Entry::item)
                .toList();
    }

    /**
     * Applies a user action: {@code change} checks the current state and returns the next, {@code effect} (the
     * callback) runs before the next state is stored, so a failed effect leaves the item as it was. No lock is held
     * while the effect runs: a receiver may call the simulator back from its handler.
     */
    public T act(String id, UnaryOperator<T> change, Consumer<T> effect) {
        if (!busy.add(id)) {
            throw new StateConflict(noun.toUpperCase() + "_BUSY",
                    "Someone else is acting on " + noun + " " + id + " right now. Try again.");
        }
        try {
            Entry<T> current = entry(id);
            T next = change.apply(current.item());
            effect.accept(next);
            // a reset while the effect ran stays a reset: the item is not brought back behind the indexes' backs
            entries.replace(id, current, new Entry<>(current.sequence(), next));
            state.changed();
            return next;
        } finally {
            busy.remove(id);
        }
    }

    /**
     * Moves each item of the challenge or verification {@code reference} to what {@code cancel} makes of it, without a
     * callback (nobody acted: the caller withdrew it); {@code cancel} returns the item itself when it is no longer
     * open. An item a user is acting on right now is left to that action. Returns how many changed.
     */
    protected int cancelEach(String reference, UnaryOperator<T> cancel) {
        int changed = 0;
        for (String id : byReference.ids(reference)) {
            Entry<T> current = entries.get(id);
            if (current == null || !busy.add(id)) {
                continue;
            }
            try {
                current = entries.get(id);
                T next = cancel.apply(current.item());
                if (next != current.item()) {
                    entries.replace(id, current, new Entry<>(current.sequence(), next));
                    changed++;
                }
            } finally {
                busy.remove(id);
            }
        }
        if (changed > 0) {
            state.changed();
        }
        return changed;
    }

    private Entry<T> entry(String id) {
        Entry<T> entry = entries.get(id);
        if (entry == null) {
            throw Problems.problem(HttpStatus.NOT_FOUND, noun.toUpperCase() + "_UNKNOWN",
                    "There is no " + noun + " " + id + ". List them with GET " + listPath + ".");
        }
        return entry;
    }

    @EventListener(SimulatorReset.class)
    public void clear() {
        // the indexes first: an item added while this runs is then in the indexes too if it survives the reset
        byReference.clear();
        byRecipient.clear();
        entries.clear();
        arrivals.clear();
        state.changed();
    }

    /** What of an item may be written to the state file; all of it unless a subclass says otherwise. */
    protected T forStorage(T item) {
        return item;
    }

    @Override
    public String stateKey() {
        return "telephony." + noun;
    }

    @Override
    public JavaType stateType(TypeFactory types) {
        return types.constructMapType(Map.class, types.constructType(String.class),
                types.constructParametricType(Entry.class, type));
    }

    @Override
    public Map<String, Entry<T>> snapshot() {
        Map<String, Entry<T>> snapshot = new HashMap<>();
        entries.forEach((id, entry) -> snapshot.put(id, new Entry<>(entry.sequence(), forStorage(entry.item()))));
        return snapshot;
    }

    @Override
    public void restore(Map<String, Entry<T>> stored) {
        entries.putAll(stored);
        stored.forEach((id, entry) -> {
            byReference.add(id, entry.item());
            byRecipient.add(id, entry.item());
        });
        sequence.set(stored.values().stream().mapToLong(Entry::sequence).max().orElse(0));
        stored.entrySet().stream().sorted(Comparator.comparingLong(held -> held.getValue().sequence()))
                .forEach(held -> arrivals.add(held.getKey()));
        forgetTheOldestOver();
    }

    /** The ids of the items that share a key, in the order they were added. */
    private final class Index {

        private final Function<T, String> keyOf;
        private final Map<String, Queue<String>> ids = new ConcurrentHashMap<>();

        Index(Function<T, String> keyOf) {
            this.keyOf = keyOf;
        }

        String keyOf(T item) {
            return keyOf.apply(item);
        }

        void add(String id, T item) {
            ids.compute(keyOf.apply(item), (key, held) -> {
                Queue<String> queue = held != null ? held : new ConcurrentLinkedQueue<>();
                queue.add(id);
                return queue;
            });
        }

        /** Drops a forgotten item's id, and its key with the last one (a line called once is not held for ever). */
        void remove(String id, T item) {
            ids.computeIfPresent(keyOf.apply(item), (key, held) -> {
                held.remove(id);
                return held.isEmpty() ? null : held;
            });
        }

        Collection<String> ids(String key) {
            Queue<String> held = ids.get(key);
            return held != null ? held : List.of();
        }

        List<Entry<T>> entries(String key) {
            List<Entry<T>> held = new ArrayList<>();
            for (String id : ids(key)) {
                Entry<T> entry = entries.get(id);
                if (entry != null) {
                    held.add(entry);
                }
            }
            return held;
        }

        void clear() {
            ids.clear();
        }
    }
}
