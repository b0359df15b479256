package io.extauth.simulator.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.nio.file.Files;
import jakarta.annotation.PreDestroy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.util.RawValue;
import io.extauth.simulator.SimulatorProperties;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Keeps every registered store in one JSON file when {@code simulator.state-file} is set, and nowhere but in memory
 * when it is not (the default). The stores register when they are created and get back what the file holds; after
 * each change a store calls {@link #changed()}, and the whole file is rewritten: a temporary file moved over the old
 * one, so a killed simulator leaves the state before or after a change, never half of it. The simulator bean writes
 * at most every {@link #WRITE_DELAY} (changes in between go out together), because rewriting everything on every
 * change made a benchmark's thousands of calls quadratic; a {@code kill -9} may lose the last quarter second, a
 * normal stop nothing ({@link #close()}). The state only grows (every user the simulator provisioned, every call), so
 * after long benchmark sessions one write took ~150 ms and four a second took most of a core from the stack it shares
 * a JVM with (issue 14): the wait before the next write is therefore also at least {@link #WRITE_SHARE} times the
 * last write's duration, so writing never takes more than about a twentieth of a core; a {@code kill -9} then loses
 * at most that wait (seconds, for a state of many megabytes). Built with a file alone (tests), it writes on every change. Each write
 * stamps the file with its time ({@code savedAt}), and a stop writes once more, so a restart knows when the simulator
 * went away ({@link #savedAt()}): what was still open then was cut by the outage, even if its end passed during it.
 * A write takes the stores' snapshots under this object's lock and writes them to the file after letting go of it, so
 * a store's change never waits for the disk or for the JSON of a large state ({@link #changed()} needs only that lock):
 * a 10 MB state after long benchmark sessions took ~30-70 ms to write, and every call placed or code checked in that
 * time waited for it (issue 14: most of a login's latency above 20 ms at 10 logins a second was this wait).
 */
@Component
public class StatePersistence {

    private static final Logger log = LoggerFactory.getLogger(StatePersistence.class);
    private static final int VERSION = 1;
    private static final String SAVED_AT = "savedAt";
    static final Duration WRITE_DELAY = Duration.ofMillis(250);
    /** The next write waits at least this many times as long as the last one took. */
    static final int WRITE_SHARE = 20;

    private final @Nullable Path file;
    private final ObjectMapper json = JsonMapper.builder()
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    /**
     * What the file held at start, less the parts handed to their stores: each top-level property's JSON text (an
     * object or array as it is in the file, a scalar written again), kept so a store not (yet) registered does not
     * lose its part on a rewrite. A registered store's
     * part is read straight into the store's types and dropped: the store writes its own snapshot from then on. The
     * file is never made into one tree: a used home's tree (every user provisioned, every call, text, push and
     * credential; ~150 MB of Jackson nodes for a 16 MB file) was held whole until the last store registered, and a home
     * used for ~135,000 orders no longer started in the local stack's 512 MiB heap (issue 14).
     */
    private final Map<String, byte[]> stored;
    private final Map<String, PersistentState<?>> parts = new LinkedHashMap<>();

    private final Duration writeDelay;
    private final Clock clock;
    private final @Nullable ScheduledExecutorService writer;
    /** Held by a write from its snapshot to its file, so writes reach the file in the order of their snapshots. */
    private final Object writing = new Object();
    private boolean pending;
    private volatile Duration lastWriteTook = Duration.ZERO;

    @Autowired
    StatePersistence(SimulatorProperties properties, Clock clock) {
        this(properties.stateFile(), WRITE_DELAY, clock);
    }

    /** {@code file} null: memory only; every change is written at once. */
    public StatePersistence(@Nullable Path file) {
        this(file, Duration.ZERO);
    }

    /** {@code writeDelay} zero: every change is written at once; otherwise changes are written together after it. */
    public StatePersistence(@Nullable Path file, Duration writeDelay) {
        this(file, writeDelay, Clock.systemUTC());
    }

    private StatePersistence(@Nullable Path file, Duration writeDelay, Clock clock) {
        this.file = file;
        this.writeDelay = writeDelay;
        this.clock = clock;
        this.writer = file == null || writeDelay.isZero() ? null : Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "simulator-state-writer");
            thread.setDaemon(true);
            return thread;
        });
        this.stored = file != null && Files.exists(file) ? read(file) : new LinkedHashMap<>();
        if (file != null) {
            log.info("Simulator state is kept in {}", file);
        }
    }

    public static StatePersistence inMemoryOnly() {
        return new StatePersistence((Path) null);
    }

    /**
     * Adds a store and hands it what the file holds for it, if anything. A part that cannot be read is refused and
     * stays as it was in the file: the store is not added, so a write (the stop of the start that failed on it) keeps
     * the part's text instead of the store's empty snapshot.
     */
    public synchronized <S> void register(PersistentState<S> part) {
        if (parts.containsKey(part.stateKey())) {
            throw new IllegalStateException("two stores use the key " + part.stateKey() + " in the state file");
        }
        byte[] state = stored.get(part.stateKey());
        if (state != null) {
            S restored;
            try {
                restored = json.readValue(state, part.stateType(json.getTypeFactory()));
            } catch (JacksonException e) {
                throw new IllegalStateException("the simulator state in " + file + " has an unreadable '"
                        + part.stateKey() + "' (delete the file, or ./extauth reset): " + e.getMessage(), e);
            }
            if (restored != null) {
                part.restore(restored);
            }
        }
        stored.remove(part.stateKey());
        parts.put(part.stateKey(), part);
    }

    /** The parts of the file kept for stores not registered yet (a test's view). */
    synchronized Set<String> keptForUnregistered() {
        Set<String> keys = new TreeSet<>(stored.keySet());
        keys.removeAll(Set.of("version", SAVED_AT));
        return keys;
    }

    /**
     * Notes a change: writes every store to the file now, or soon together with the changes that follow. With a write
     * delay this never waits for a write under way: it only marks the change and schedules the next write.
     */
    public void changed() {
        if (file == null) {
            return;
        }
        ScheduledExecutorService later = writer;
        if (later == null) {
            write(false);
            return;
        }
        synchronized (this) {
            if (!pending) {
                pending = true;
                later.schedule(this::flush, nextWriteDelay().toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    /** How long the next change waits before it is written. */
    synchronized Duration nextWriteDelay() {
        return delayAfter(writeDelay, lastWriteTook);
    }

    /** How long changes wait before they are written: the delay, or longer when writing has become slow. */
    static Duration delayAfter(Duration writeDelay, Duration lastWriteTook) {
        Duration share = lastWriteTook.multipliedBy(WRITE_SHARE);
        return share.compareTo(writeDelay) > 0 ? share : writeDelay;
    }

    /** Writes what changed since the last write, now. */
    public void flush() {
        write(true);
    }

    /** Writes everything on a stop, changed or not, so that the file says when the simulator stopped. */
    @PreDestroy
    public void close() {
        write(false);
    }

    /**
     * When the file was last written by the simulator that ran before (its stop, or its last change if it was killed),
     * or empty without a file, or a file written before the stamp existed.
     */
    public Optional<Instant> savedAt() {
        byte[] stamp = stored.get(SAVED_AT);
        JsonNode savedAt = stamp != null ? json.readTree(stamp) : null;
        if (savedAt == null || !savedAt.isString()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(savedAt.asString()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /**
     * Writes the stores' state to the file: their snapshots taken under this object's lock, the file written after
     * letting go of it. {@code onlyIfChanged}: nothing when no change is pending (a flush that a close or an earlier
     * flush already served).
     */
    private void write(boolean onlyIfChanged) {
        Path target = file;
        if (target == null) {
            return;
        }
        synchronized (writing) {
            long started = System.nanoTime();
            Map<String, Object> state;
            synchronized (this) {
                if (onlyIfChanged && !pending) {
                    return;
                }
                pending = false;
                state = snapshot();
            }
            writeFile(target, state);
            lastWriteTook = Duration.ofNanos(System.nanoTime() - started);
        }
    }

    /** The file's content now: the stores' snapshots (copies, never their live maps) and what is kept for the rest. */
    private Map<String, Object> snapshot() {
        // the stores' snapshots are written as they are, not first made into a tree: a tree of every call, text, push
        // and credential, made on every write, was garbage the size of the history each time (issue 14)
        Map<String, Object> state = new LinkedHashMap<>();
        stored.forEach((key, kept) -> state.put(key, new RawValue(new String(kept, StandardCharsets.UTF_8))));
        state.put("version", VERSION);
        state.put(SAVED_AT, clock.instant().toString());
        parts.forEach((key, part) -> state.put(key, part.snapshot()));
        return state;
    }

    private void writeFile(Path target, Map<String, Object> state) {
        try {
            Path directory = target.toAbsolutePath().getParent();
            Files.createDirectories(directory);
            Path temporary = directory.resolve(target.getFileName() + ".tmp");
            json.writeValue(temporary.toFile(), state);
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | JacksonException e) {
            // the change holds in memory; only a restart would lose it
            log.error("Simulator state could not be written to {}: {}", target, e.getMessage());
        }
    }

    /**
     * Each top-level property of the file, as its JSON text: a streaming parse that only finds where each value begins
     * and ends, so reading holds the file's bytes and not a tree of them.
     */
    private Map<String, byte[]> read(Path path) {
        Map<String, byte[]> properties = new LinkedHashMap<>();
        try {
            byte[] content = Files.readAllBytes(path);
            try (JsonParser parser = json.createParser(content)) {
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    throw new IllegalStateException("the simulator state in " + path + " is not a JSON object"
                            + " (delete the file, or ./extauth reset)");
                }
                while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                    String key = parser.currentName();
                    JsonToken value = parser.nextToken();
                    if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                        long start = parser.currentTokenLocation().getByteOffset();
                        parser.skipChildren();
                        long end = parser.currentLocation().getByteOffset();
                        if (start < 0 || end <= start || end > content.length) {
                            // not read as bytes (a file in UTF-16 or UTF-32, written by hand)
                            throw new IllegalStateException("the simulator state in " + path + " is not UTF-8 JSON"
                                    + " (delete the file, or ./extauth reset)");
                        }
                        properties.put(key, Arrays.copyOfRange(content, (int) start, (int) end));
                    } else {
                        // a scalar (the version, the stamp): small, and its end is only known once it is read
                        properties.put(key, json.writeValueAsBytes(parser.readValueAsTree()));
                    }
                }
                if (parser.nextToken() != null) {
                    throw new IllegalStateException("the simulator state in " + path + " has content after its JSON"
                            + " object (delete the file, or ./extauth reset)");
                }
            }
            return properties;
        } catch (IOException e) {
            throw new UncheckedIOException("the simulator state in " + path + " could not be read"
                    + " (delete the file, or ./extauth reset)", e);
        } catch (JacksonException e) {
            throw new IllegalStateException("the simulator state in " + path + " is unreadable"
                    + " (delete the file, or ./extauth reset): " + e.getMessage(), e);
        }
    }
}
