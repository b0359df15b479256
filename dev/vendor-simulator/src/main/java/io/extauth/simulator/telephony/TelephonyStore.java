package io.extauth.simulator.telephony;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
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
 */
public abstract class TelephonyStore<T> implements PersistentState<Map<String, TelephonyStore.Entry<T>>> {

    /** An item and its place in the order of arrival. */
    public record Entry<T>(long sequence, T item) {
    }

    private final String noun;
    private final String listPath;
    private final Class<T> type;
    private final StatePersistence state;
    private final AtomicLong sequence = new AtomicLong();
    private final Map<String, Entry<T>> entries = new ConcurrentHashMap<>();
    private final Set<String> busy = ConcurrentHashMap.newKeySet();

    protected TelephonyStore(String noun, String listPath, Class<T> type, StatePersistence state) {
        this.noun = noun;
        this.listPath = listPath;
        this.type = type;
        this.state = state;
        // last: the subclasses hold no state of their own, so this store is complete here
        state.register(this);
    }

    public void add(String id, T item) {
        entries.put(id, new Entry<>(sequence.incrementAndGet(), item));
        state.changed();
    }

    /**
     * Adds the item unless this store holds one with the same reference already, and returns the one it holds: a second
     * call, text or push for one reference (the challenge id) is the same contact, as a vendor that is idempotent by
     * reference treats it (the caller retried, or another instance took over a delivery whose instance died). The
     * first is answered again; nothing rings or is sent twice.
     */
    public synchronized T addOnce(String id, T item, Function<T, String> referenceOf) {
        String reference = referenceOf.apply(item);
        for (Entry<T> held : entries.values()) {
            if (reference.equals(referenceOf.apply(held.item()))) {
                return held.item();
            }
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
                        entries.put(id, new Entry<>(current.sequence(), next));
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

    public List<T> list(Predicate<T> filter) {
        return entries.values().stream()
                .sorted(Comparator.comparingLong((Entry<T> entry) -> entry.sequence()).reversed())
                .map(Entry::item)
                .filter(filter)
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
            entries.put(id, new Entry<>(current.sequence(), next));
            state.changed();
            return next;
        } finally {
            busy.remove(id);
        }
    }

    /**
     * Moves each item that {@code matches} to what {@code cancel} makes of it, without a callback (nobody acted: the
     * caller withdrew it); {@code cancel} returns the item itself when it is no longer open. An item a user is acting
     * on right now is left to that action. Returns how many changed.
     */
    protected int cancelEach(Predicate<T> matches, UnaryOperator<T> cancel) {
        int changed = 0;
        for (String id : entries.keySet()) {
            Entry<T> current = entries.get(id);
            if (current == null || !matches.test(current.item()) || !busy.add(id)) {
                continue;
            }
            try {
                current = entries.get(id);
                T next = cancel.apply(current.item());
                if (next != current.item()) {
                    entries.put(id, new Entry<>(current.sequence(), next));
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
        entries.clear();
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
        sequence.set(stored.values().stream().mapToLong(Entry::sequence).max().orElse(0));
    }
}
