package io.extauth.localstack.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Memory of a process and its descendants (PostgreSQL's backends), in MiB: the proportional set size from
 * {@code /proc/<pid>/smaps_rollup}, which splits shared pages among the processes sharing them, so PostgreSQL's shared
 * buffers are counted once and the sum over the cluster is what it really takes. Resident size where PSS is unknown.
 */
public final class Footprint {

    private Footprint() {
    }

    public static long mib(ProcessHandle process) {
        return Stream.concat(Stream.of(process), process.descendants()).mapToLong(Footprint::kib).sum() / 1024;
    }

    static long kib(ProcessHandle process) {
        Path proc = Path.of("/proc", Long.toString(process.pid()));
        long pss = field(proc.resolve("smaps_rollup"), "Pss:");
        return pss > 0 ? pss : field(proc.resolve("status"), "VmRSS:");
    }

    private static long field(Path file, String name) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(name)) {
                    return Long.parseLong(line.substring(name.length()).replace("kB", "").strip());
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone meanwhile, or not Linux
        }
        return 0;
    }
}
