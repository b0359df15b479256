package io.extauth.audit.rules;

import io.extauth.lifecycle.UserLifecycle;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The audit itself: drops redelivered records, groups events per account user, orders each user's events, replays
 * them through the lifecycle and runs every rule. The rules are called from two threads at once on a large history
 * (each for its own users), so a rule keeps no state between calls (none does).
 */
public final class Auditor {

    private static final Comparator<Violation> REPORT_ORDER = Comparator.comparing(Violation::kind)
            .thenComparing(Violation::user)
            .thenComparing(v -> v.events().isEmpty() ? null : v.events().get(0), Comparator.nullsFirst(
                    AuditEvent.CHRONOLOGICAL));

    /** From this many events on, the users are checked on two threads (see {@link #audit}). */
    static final int PARALLEL_FROM = 10_000;

    private final LifecycleReplay replay;
    private final List<Rule> rules;
    private final DuplicateIds duplicateIds = new DuplicateIds();
    private final int parallelFrom;

    public Auditor(UserLifecycle lifecycle, List<Rule> rules) {
        this(lifecycle, rules, PARALLEL_FROM);
    }

    /** With another threshold for the second thread (for the tests: 0 always, {@code Integer.MAX_VALUE} never). */
    Auditor(UserLifecycle lifecycle, List<Rule> rules, int parallelFrom) {
        this.replay = new LifecycleReplay(lifecycle);
        this.rules = List.copyOf(rules);
        this.parallelFrom = parallelFrom;
    }

    /** The audit with every rule of the issue, on the lifecycle the services use. */
    public static Auditor standard() {
        return new Auditor(UserLifecycle.standard(), List.of(new OrderIntakeRule(), new ActivationRule(),
                new ProvisioningEmailRule(), new LockoutRule(), new ChallengeRule()));
    }

    public AuditResult audit(List<AuditEvent> events, Collection<DeadLetter> deadLetters, Instant asOf) {
        boolean twoThreads = parallel(events.size());
        DuplicateIds.Result deduplicated = duplicateIds.check(events, twoThreads);
        List<Violation> violations = new ArrayList<>(deduplicated.violations());
        AuditContext context = new AuditContext(new DeadLetters(deadLetters), asOf);
        // the users are independent: with more than one core, each half of them (by a hash of the user) is grouped,
        // sorted, replayed and checked on a thread of its own (issue 14, seventh pass: the check of each user; ninth
        // pass: the grouping and the ordering of the users too, which ran on one core after the read); the halves are
        // joined in user order, so the result is the one a single thread gets
        List<AuditEvent> unique = deduplicated.unique();
        Users[] halves = twoThreads ? new Users[] {new Users(unique, context, 0, 2), new Users(unique, context, 1, 2)}
                : new Users[] {new Users(unique, context, 0, 1)};
        Parallel.run(halves);
        List<UserHistory> users = new ArrayList<>();
        for (Checked user : inUserOrder(halves)) {
            users.add(user.history());
            violations.addAll(user.violations());
        }
        violations.sort(REPORT_ORDER);
        return new AuditResult(users, violations, unique.size(), deduplicated.redelivered());
    }

    /** A user's history and what the rules found in it. */
    private record Checked(UserHistory history, List<Violation> violations) {
    }

    /** The users whose hash falls in one of {@code of} parts, grouped, ordered and checked. */
    private final class Users implements Runnable {

        private final List<AuditEvent> events;
        private final AuditContext context;
        private final int part;
        private final int of;
        private List<Checked> checked = List.of();

        Users(List<AuditEvent> events, AuditContext context, int part, int of) {
            this.events = events;
            this.context = context;
            this.part = part;
            this.of = of;
        }

        @Override
        public void run() {
            Map<UserKey, List<AuditEvent>> byUser = new HashMap<>();
            for (AuditEvent event : events) {
                if (of == 1 || partOf(event.userHash()) == part) {
                    byUser.computeIfAbsent(event.user(), k -> new ArrayList<>()).add(event);
                }
            }
            List<Map.Entry<UserKey, List<AuditEvent>>> sorted = new ArrayList<>(byUser.entrySet());
            sorted.sort(Map.Entry.comparingByKey());
            List<Checked> done = new ArrayList<>(sorted.size());
            for (Map.Entry<UserKey, List<AuditEvent>> entry : sorted) {
                entry.getValue().sort(AuditEvent.CHRONOLOGICAL);
                UserHistory history = replay.replay(entry.getKey(), entry.getValue());
                List<Violation> found = new ArrayList<>(0);
                for (Rule rule : rules) {
                    found.addAll(rule.check(history, context));
                }
                done.add(new Checked(history, found));
            }
            checked = done;
        }

        /** Which part a hash falls in: by its top bits. */
        private int partOf(int hash) {
            return (int) (((hash * 0x9E3779B9) & 0xFFFFFFFFL) * of >>> 32);
        }
    }

    /** The users of all parts in user order (each part's are in order already). */
    private static List<Checked> inUserOrder(Users[] parts) {
        if (parts.length == 1) {
            return parts[0].checked;
        }
        List<Checked> a = parts[0].checked;
        List<Checked> b = parts[1].checked;
        List<Checked> all = new ArrayList<>(a.size() + b.size());
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            boolean fromA = j == b.size()
                    || i < a.size() && a.get(i).history().user().compareTo(b.get(j).history().user()) <= 0;
            all.add(fromA ? a.get(i++) : b.get(j++));
        }
        return all;
    }

    /** Two threads only for a large history on more than one core: a thread costs more than a small audit. */
    private boolean parallel(int events) {
        return events >= parallelFrom && Runtime.getRuntime().availableProcessors() > 1;
    }
}
