package io.extauth.bench.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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

    /**
     * The PostgreSQL postmaster listening on {@code port} and its children, found again cheaply: the postmaster by
     * {@link #postgresProcesses(int)}'s scan of every process until it is found (each time, where there is none),
     * then its children from the kernel's list of them ({@code /proc/<pid>/task/<pid>/children}; the postmaster has
     * one thread); scanned again only when that postmaster is gone or the kernel keeps no such list. The scan reads
     * every process's command line, ~27 ms of CPU a second when the bench sampled memory each second with it (issue
     * 14, fifty-fourth pass).
     */
    static final class Postgres {

        private final int port;
        private long postmaster = -1;
        private int scans;

        Postgres(int port) {
            this.port = port;
        }

        synchronized List<Long> processes() {
            if (postmaster > 0) {
                Optional<List<Long>> children = children(postmaster);
                if (children.isPresent()) {
                    List<Long> pids = new ArrayList<>();
                    pids.add(postmaster);
                    pids.addAll(children.get());
                    return pids;
                }
            }
            scans++;
            List<ProcessHandle> matches = matching(port);
            Set<Long> matched = new HashSet<>();
            matches.forEach(process -> matched.add(process.pid()));
            // the postmaster: not a process another match started; the postgres binary before a psql -p beside it
            List<ProcessHandle> roots = matches.stream()
                    .filter(process -> process.parent().map(parent -> !matched.contains(parent.pid())).orElse(true))
                    .toList();
            postmaster = roots.stream()
                    .filter(process -> process.info().command().map(command -> command.endsWith("/postgres"))
                            .orElse(false))
                    .findFirst().or(() -> roots.stream().findFirst()).map(ProcessHandle::pid).orElse(-1L);
            return postgresProcesses(matches);
        }

        /** How many times every process was scanned. */
        synchronized int scans() {
            return scans;
        }

        /** The children the kernel lists for a live process, or empty when it is gone or keeps no such list. */
        private static Optional<List<Long>> children(long pid) {
            Path list = Path.of("/proc", String.valueOf(pid), "task", String.valueOf(pid), "children");
            try {
                List<Long> pids = new ArrayList<>();
                for (String child : Files.readString(list, StandardCharsets.US_ASCII).trim().split("\\s+")) {
                    if (!child.isEmpty()) {
                        pids.add(Long.parseLong(child));
                    }
                }
                return Optional.of(pids);
            } catch (IOException | RuntimeException gone) {
                return Optional.empty();
            }
        }
    }

    /** The PostgreSQL postmaster listening on {@code port} and its children (backends, writers), if any. */
    static List<Long> postgresProcesses(int port) {
        return postgresProcesses(matching(port));
    }

    private static List<Long> postgresProcesses(List<ProcessHandle> matches) {
        Set<Long> pids = new LinkedHashSet<>();
        for (ProcessHandle process : matches) {
            pids.add(process.pid());
            process.children().forEach(child -> pids.add(child.pid()));
        }
        return new ArrayList<>(pids);
    }

    /** Every process whose command line names postgres and {@code -p port}: a scan of every process. */
    private static List<ProcessHandle> matching(int port) {
        return ProcessHandle.allProcesses().filter(process -> {
            String command = process.info().commandLine().orElse("");
            return command.contains("postgres") && command.matches(".*\\s-p\\s+" + port + "(\\s.*|$)");
        }).toList();
    }
}
