package io.extauth.bench.system;

/** The stack's peak resident memory seen while the benchmark ran; MiB. */
public record MemoryPeak(long jvmPid, String jvmCommand, double jvmPeakRssMiB, double jvmHighWaterMiB,
        int postgresProcesses, double postgresPeakMiB, double totalPeakMiB, int samples) {
}
