package io.extauth.audit.rules;

import com.sun.management.ThreadMXBean;
import io.extauth.audit.synthetic.SyntheticHistory;
import io.extauth.lifecycle.UserLifecycle;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * By hand, not a test: the 1,000,000-event synthetic history (40,000 users, three partitions per topic, each
 * partition's offsets in time order) in the order the reader hands it on, partition after partition. Mode
 * {@code order}: each user's events put in replay order, by the time sort the audit used before ({@code sort}) and by
 * {@link ReplayOrder} ({@code merge}), alternately in one JVM; mode {@code audit}: the whole phase after the read on
 * one thread ({@link Auditor#audit}), which compiles against the build before too. Prints the thread's CPU and
 * allocation per round:
 * <pre>
 * java -Xms1g -Xmx1g -XX:+UseParallelGC -XX:TieredStopAtLevel=1 -XX:MaxTenuringThreshold=1 \
 *      -cp target/test-classes:target/classes:$(cat target/test.classpath) io.extauth.audit.rules.ReplayOrderProbe order 8
 * </pre>
 */
public final class ReplayOrderProbe {

    private static final ThreadMXBean THREAD = (ThreadMXBean) ManagementFactory.getThreadMXBean();

    private ReplayOrderProbe() {
    }

    public static void main(String[] args) {
        String mode = args.length > 0 ? args[0] : "order";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        List<AuditEvent> events = asRead(1_000_000);
        if (mode.equals("audit")) {
            Auditor auditor = new Auditor(UserLifecycle.standard(), List.of(new OrderIntakeRule(), new ActivationRule(),
                    new ProvisioningEmailRule(), new LockoutRule(), new ChallengeRule()), Integer.MAX_VALUE);
            for (int round = 0; round < rounds; round++) {
                long cpu = THREAD.getCurrentThreadCpuTime();
                long bytes = THREAD.getCurrentThreadAllocatedBytes();
                int violations = auditor.audit(events, List.of(), Instant.parse("2027-01-01T00:00:00Z"))
                        .violations().size();
                System.out.printf("audit round %d: %d ms CPU, %d MiB allocated, %d violations%n", round,
                        (THREAD.getCurrentThreadCpuTime() - cpu) / 1_000_000,
                        (THREAD.getCurrentThreadAllocatedBytes() - bytes) >> 20, violations);
            }
            return;
        }
        Map<UserKey, List<AuditEvent>> byUser = new HashMap<>();
        events.forEach(event -> byUser.computeIfAbsent(event.user(), k -> new ArrayList<>()).add(event));
        List<List<AuditEvent>> users = new ArrayList<>(byUser.values());
        for (int round = 0; round < rounds; round++) {
            for (String variant : round % 2 == 0 ? List.of("sort", "merge") : List.of("merge", "sort")) {
                List<List<AuditEvent>> copies = new ArrayList<>(users.size());
                users.forEach(user -> copies.add(new ArrayList<>(user)));
                ReplayOrder order = new ReplayOrder();
                long cpu = THREAD.getCurrentThreadCpuTime();
                long bytes = THREAD.getCurrentThreadAllocatedBytes();
                for (List<AuditEvent> user : copies) {
                    if (variant.equals("sort")) {
                        user.sort(AuditEvent.CHRONOLOGICAL);
                    } else {
                        order.arrange(user);
                    }
                }
                System.out.printf("order round %d %-5s: %d ms CPU, %d KiB allocated%n", round, variant,
                        (THREAD.getCurrentThreadCpuTime() - cpu) / 1_000_000,
                        (THREAD.getCurrentThreadAllocatedBytes() - bytes) >> 10);
            }
        }
    }

    /** The synthetic history, each partition's offsets in time order, as read: partition after partition. */
    private static List<AuditEvent> asRead(int size) {
        Instant epoch = Instant.parse("2026-11-01T00:00:00Z");
        List<SyntheticHistory.Timed> timed = new ArrayList<>(size);
        List<Integer> partitions = new ArrayList<>(size);
        for (int user = 0; timed.size() < size; user++) {
            for (SyntheticHistory.Timed event : SyntheticHistory.of(user, epoch)) {
                timed.add(event);
                partitions.add(user % 3);
            }
        }
        List<Integer> byTime = new ArrayList<>(timed.size());
        for (int i = 0; i < timed.size(); i++) {
            byTime.add(i);
        }
        byTime.sort(Comparator.comparing(i -> timed.get(i).time()));
        Map<String, Long> offsets = new HashMap<>();
        List<AuditEvent> events = new ArrayList<>(timed.size());
        for (int i : byTime) {
            SyntheticHistory.Timed event = timed.get(i);
            int partition = partitions.get(i);
            long offset = offsets.merge(event.topic() + "-" + partition, 1L, Long::sum) - 1;
            events.add(new AuditEvent(event.topic(), partition, offset, 0x5eedL, i, event.time(), event.event()));
        }
        events.sort(Comparator.comparing((AuditEvent e) -> e.position().topic())
                .thenComparingInt(e -> e.position().partition()).thenComparingLong(e -> e.position().offset()));
        return events;
    }
}
