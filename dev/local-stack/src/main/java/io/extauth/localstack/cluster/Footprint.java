package io.extauth.localstack.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Resident memory of a process and its descendants (PostgreSQL's backends), from {@code /proc}, in MiB. */
public final class Footprint {

    private Footprint() {
    }

    public static long residentMib(ProcessHandle process) {
        long kib = Stream.concat(Stream.of(process), process.descendants()).mapToLong(Footprint::residentKib).sum();
        return kib / 1024;
    }

    static long residentKib(ProcessHandle process) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring("VmRSS:".length()).replace("kB", "").strip());
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone meanwhile, or not Linux
        }
        return 0;
    }
}
