package io.extauth.simulator.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.extauth.simulator.SimulatorProperties;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Keeps every registered store in one JSON file when {@code simulator.state-file} is set, and nowhere but in memory
 * when it is not (the default). The stores register when they are created and get back what the file holds; after
 * each change a store calls {@link #changed()}, which rewrites the whole file: a temporary file moved over the old
 * one, so a killed simulator leaves the state before or after a change, never half of it. The state is small (a
 * walk-through's calls and users), so simplicity wins over speed.
 */
@Component
public class StatePersistence {

    private static final Logger log = LoggerFactory.getLogger(StatePersistence.class);
    private static final int VERSION = 1;

    private final @Nullable Path file;
    private final ObjectMapper json = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();
    /** What the file held at start; kept so a store not (yet) registered does not lose its part on a rewrite. */
    private final ObjectNode stored;
    private final Map<String, PersistentState<?>> parts = new LinkedHashMap<>();

    @Autowired
    StatePersistence(SimulatorProperties properties) {
        this(properties.stateFile());
    }

    /** {@code file} null: memory only. */
    public StatePersistence(@Nullable Path file) {
        this.file = file;
        this.stored = file != null && Files.exists(file) ? read(file) : json.createObjectNode();
        if (file != null) {
            log.info("Simulator state is kept in {}", file);
        }
    }

    public static StatePersistence inMemoryOnly() {
        return new StatePersistence((Path) null);
    }

    /** Adds a store and hands it what the file holds for it, if anything. */
    public synchronized <S> void register(PersistentState<S> part) {
        if (parts.putIfAbsent(part.stateKey(), part) != null) {
            throw new IllegalStateException("two stores use the key " + part.stateKey() + " in the state file");
        }
        JsonNode state = stored.get(part.stateKey());
        if (state != null && !state.isNull()) {
            S restored;
            try {
                restored = json.convertValue(state, part.stateType(json.getTypeFactory()));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("the simulator state in " + file + " has an unreadable '"
                        + part.stateKey() + "' (delete the file, or ./extauth reset): " + e.getMessage(), e);
            }
            part.restore(restored);
        }
    }

    /** Writes every store to the file; does nothing when no file is configured. */
    public synchronized void changed() {
        Path target = file;
        if (target == null) {
            return;
        }
        ObjectNode state = stored.deepCopy();
        state.put("version", VERSION);
        parts.forEach((key, part) -> state.set(key, json.valueToTree(part.snapshot())));
        try {
            Path directory = target.toAbsolutePath().getParent();
            Files.createDirectories(directory);
            Path temporary = directory.resolve(target.getFileName() + ".tmp");
            json.writeValue(temporary.toFile(), state);
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // the change holds in memory; only a restart would lose it
            log.error("Simulator state could not be written to {}: {}", target, e.getMessage());
        }
    }

    private ObjectNode read(Path path) {
        try {
            JsonNode state = json.readTree(path.toFile());
            if (state instanceof ObjectNode object) {
                return object;
            }
            throw new IllegalStateException("the simulator state in " + path + " is not a JSON object"
                    + " (delete the file, or ./extauth reset)");
        } catch (IOException e) {
            throw new UncheckedIOException("the simulator state in " + path + " is unreadable"
                    + " (delete the file, or ./extauth reset): " + e.getMessage(), e);
        }
    }
}
