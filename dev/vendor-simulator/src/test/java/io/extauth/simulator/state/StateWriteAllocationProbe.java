package io.extauth.simulator.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.type.TypeFactory;

/**
 * Not a test (the name keeps it out of Surefire's default run): what one write of the simulator's state allocates on
 * the writing thread, and what reading it back at a start holds and allocates, for a history of {@code -Dprobe.items}
 * (20,000) call-like items (issue 14). Run with
 * {@code ./mvnw -o -B -ntp -pl dev/vendor-simulator verify -Dtest=StateWriteAllocationProbe
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class StateWriteAllocationProbe {

    @TempDir
    Path directory;

    /** Shaped like a simulator call: ids, a number, a state and times. */
    record Item(String id, String challengeId, String to, String state, Instant placedAt, Instant endedAt) {
    }

    static final class Items implements PersistentState<Map<String, Item>> {

        final Map<String, Item> items = new LinkedHashMap<>();

        @Override
        public String stateKey() {
            return "items";
        }

        @Override
        public JavaType stateType(TypeFactory types) {
            return types.constructMapType(LinkedHashMap.class, String.class, Item.class);
        }

        @Override
        public Map<String, Item> snapshot() {
            return Map.copyOf(items);
        }

        @Override
        public void restore(Map<String, Item> state) {
            items.putAll(state);
        }
    }

    /** A store registered with {@code persistence}, holding {@code count} call-like items. */
    private static Items registeredWithItems(StatePersistence persistence, int count) {
        Items store = new Items();
        persistence.register(store);
        Instant now = Instant.parse("2026-12-01T12:00:00Z");
        for (int i = 0; i < count; i++) {
            String id = "call-" + i;
            store.items.put(id, new Item(id, "challenge-" + i, "+1555" + (1_000_000 + i), "ANSWERED",
                    now.plusMillis(i), now.plusMillis(i + 900)));
        }
        return store;
    }

    @Test
    void oneWriteOfTheState() throws Exception {
        int count = Integer.getInteger("probe.items", 20_000);
        Path file = directory.resolve("state.json");
        StatePersistence persistence = new StatePersistence(file);
        Items store = registeredWithItems(persistence, count);
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        for (int round = 0; round < 8; round++) {
            long before = threads.getThreadAllocatedBytes(id);
            long cpu = threads.getCurrentThreadCpuTime();
            persistence.changed();
            long allocated = threads.getThreadAllocatedBytes(id) - before;
            System.out.printf("probe: write %d of %,d items: %,d bytes allocated, %,d µs CPU, file %,d bytes%n",
                    round, count, allocated, (threads.getCurrentThreadCpuTime() - cpu) / 1_000, Files.size(file));
        }
        Items again = new Items();
        new StatePersistence(file).register(again);
        assertThat(again.items).isEqualTo(store.items);
    }

    @Test
    void readingTheStateAtAStart() throws Exception {
        int count = Integer.getInteger("probe.items", 20_000);
        Path file = directory.resolve("state.json");
        StatePersistence writer = new StatePersistence(file);
        Items store = registeredWithItems(writer, count);
        writer.changed();
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        Runtime runtime = Runtime.getRuntime();
        for (int round = 0; round < 3; round++) {
            System.gc();
            long heapBefore = runtime.totalMemory() - runtime.freeMemory();
            long allocatedBefore = threads.getThreadAllocatedBytes(id);
            StatePersistence reader = new StatePersistence(file);
            long allocatedReading = threads.getThreadAllocatedBytes(id) - allocatedBefore;
            System.gc();
            // what a start holds from reading the file until the store registers
            long held = runtime.totalMemory() - runtime.freeMemory() - heapBefore;
            Items again = new Items();
            reader.register(again);
            System.out.printf("probe: read %d of %,d items (file %,d bytes): %,d bytes allocated reading, "
                    + "~%,d bytes held until the store registers%n", round, count, Files.size(file),
                    allocatedReading, held);
            assertThat(again.items).isEqualTo(store.items);
        }
    }
}
