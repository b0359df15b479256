package io.extauth.bench.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/** The few numbers the benchmark reads from Linux's /proc. */
final class ProcFs {

    private ProcFs() {
    }

    /** A {@code kB} field of {@code /proc/<pid>/status} (VmRSS, VmHWM), or empty when the process is gone. */
    static OptionalLong statusKb(long pid, String field) {
        return kbField(Path.of("/proc", String.valueOf(pid), "status"), field);
    }

    /** Proportional set size: shared pages (PostgreSQL's shared buffers) split among the processes sharing them. */
    static OptionalLong pssKb(long pid) {
        OptionalLong pss = kbField(Path.of("/proc", String.valueOf(pid), "smaps_rollup"), "Pss");
        return pss.isPresent() ? pss : statusKb(pid, "VmRSS");
    }

    static OptionalLong kbField(Path file, String field) {
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                if (line.startsWith(field + ":")) {
                    return OptionalLong.of(Long.parseLong(line.substring(field.length() + 1).replace("kB", "").trim()));
                }
            }
            return OptionalLong.empty();
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** The PostgreSQL postmaster listening on {@code port} and its children (backends, writers), if any. */
    static List<Long> postgresProcesses(int port) {
        List<Long> pids = new ArrayList<>();
        ProcessHandle.allProcesses().forEach(process -> {
            String command = process.info().commandLine().orElse("");
            if (command.contains("postgres") && command.matches(".*\\s-p\\s+" + port + "(\\s.*|$)")) {
                pids.add(process.pid());
                process.children().forEach(child -> pids.add(child.pid()));
            }
        });
        return pids;
    }
}
