package io.extauth.bench.report;

import io.extauth.bench.system.CpuMeter;
import io.extauth.bench.system.ThreadGroups.Group;
import java.util.Locale;

/**
 * CPU milliseconds per completed workflow or decision, split by whose threads used them: extauth's own (the figure
 * the product is judged by), the JVM's shared machinery (GC, JIT), PostgreSQL, and the stand-ins for the outside world
 * that share the local stack's JVM (broker, simulator, SMTP server), which a deployment runs elsewhere.
 */
public record CpuPerUnit(double extauthMs, double jvmMs, double postgresMs, double outsideWorldMs, double exitedMs,
        double wholeJvmMs) {

    public static CpuPerUnit of(CpuMeter.Usage cpu, long completed) {
        double msPerCore = cpu.seconds() * 1000 / completed;
        double outside = 0;
        for (Group group : Group.values()) {
            if (group.outsideWorld()) {
                outside += cpu.cores(group);
            }
        }
        return new CpuPerUnit(cpu.cores(Group.EXTAUTH) * msPerCore, cpu.cores(Group.JVM) * msPerCore,
                cpu.postgresCores() * msPerCore, outside * msPerCore, cpu.cores(Group.EXITED) * msPerCore,
                cpu.stackJvmCores() * msPerCore);
    }

    public String describe(String unit) {
        return String.format(Locale.ROOT, "CPU per %s: extauth's own threads %.2f ms, JVM GC/JIT %.2f ms, PostgreSQL "
                + "%.2f ms; outside world in the stack JVM (broker, simulator, SMTP server) %.2f ms; short-lived "
                + "threads %.2f ms; whole stack JVM %.2f ms", unit, extauthMs, jvmMs, postgresMs, outsideWorldMs,
                exitedMs, wholeJvmMs);
    }
}
