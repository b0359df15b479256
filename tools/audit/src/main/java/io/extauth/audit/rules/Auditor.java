package io.extauth.audit.rules;

import io.extauth.lifecycle.UserLifecycle;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * The audit itself: drops redelivered records, groups events per account user, orders each user's events (each
 * partition's by offset, partitions merged by time: {@link ReplayOrder}), replays them through the lifecycle and runs
 * every rule. The rules are called from two threads at once on a large history
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
        this(new LifecycleReplay(lifecycle), rules, parallelFrom);
    }

    private Auditor(LifecycleReplay replay, List<Rule> rules, int parallelFrom) {
        this.replay = replay;
        this.rules = List.copyOf(rules);
        this.parallelFrom = parallelFrom;
    }

    /** The audit with every rule of the issue, on the lifecycle the services use, with their default strike settings. */
    public static Auditor standard() {
        return standard(StrikeSettings.DEFAULTS);
    }

    /**
     * The audit with every rule of the issue, for services that run with these strike settings: the lifecycle locks
     * at their {@code maxFailures}, and the replay and {@link LockoutRule} count with their counter-reset window.
     */
    public static Auditor standard(StrikeSettings settings) {
        return new Auditor(new LifecycleReplay(UserLifecycle.withStrikeLimit(settings.maxFailures()), settings), List.of(new OrderIntakeRule(),
                new ActivationRule(), new ProvisioningEmailRule(), new LockoutRule(settings), new ChallengeRule()),
                PARALLEL_FROM);
    }

    public AuditResult audit(List<AuditEvent> events, Collection<DeadLetter> deadLetters, Instant asOf) {
        // the ids are checked on a thread of their own while this one groups every event by user and sorts the users,
        // as if none were dropped; when some were (a redelivery, the later event of a clash: rare), the users are
        // grouped again from the events kept, so the groups are always those of the events kept (issue 14,
        // forty-sixth pass: the two steps ran one after the other on one core, ~0.13 s each per million events, while
        // the other core idled; fifty-third pass: the ids took longer than the grouping, and the sort after them ran
        // on one core while the other idled)
        DuplicateIds.Result deduplicated;
        List<Map.Entry<UserKey, List<AuditEvent>>> grouped;
        if (parallel(events.size())) {
            FutureTask<DuplicateIds.Result> ids = new FutureTask<>(() -> duplicateIds.check(events));
            start(ids, "audit-ids", true);
            grouped = sortedUsers(events);
            deduplicated = joined(ids);
            if (deduplicated.unique().size() != events.size()) {
                grouped = sortedUsers(deduplicated.unique());
            }
        } else {
            deduplicated = duplicateIds.check(events);
            grouped = sortedUsers(deduplicated.unique());
        }
        List<Map.Entry<UserKey, List<AuditEvent>>> sorted = grouped;
        List<Violation> violations = new ArrayList<>(deduplicated.violations());
        AuditContext context = new AuditContext(new DeadLetters(deadLetters), asOf);
        // the users are independent: with more than one core, the second half of them is sorted, replayed and checked
        // on a thread of its own (issue 14, seventh pass: this phase ran on one core after the read, ~1.5 CPU s per
        // million events); the halves are joined in user order, so the result is the one a single thread gets
        int split = parallel(events.size()) ? sorted.size() / 2 : sorted.size();
        FutureTask<Checked> secondHalf = new FutureTask<>(() -> check(sorted.subList(split, sorted.size()), context));
        start(secondHalf, "audit-check", split < sorted.size());
        Checked first = check(sorted.subList(0, split), context);
        Checked second = joined(secondHalf);
        List<UserHistory> users = new ArrayList<>(sorted.size());
        users.addAll(first.users());
        users.addAll(second.users());
        violations.addAll(first.violations());
        violations.addAll(second.violations());
        violations.sort(REPORT_ORDER);
        return new AuditResult(users, violations, deduplicated.unique().size(), deduplicated.redelivered());
    }

    /** The events grouped by user, each user's in the order given (a partition's as read), the users in their order. */
    private static List<Map.Entry<UserKey, List<AuditEvent>>> sortedUsers(List<AuditEvent> events) {
        Map<UserKey, List<AuditEvent>> byUser = new HashMap<>();
        for (AuditEvent event : events) {
            byUser.computeIfAbsent(event.user(), k -> new ArrayList<>()).add(event);
        }
        List<Map.Entry<UserKey, List<AuditEvent>>> sorted = new ArrayList<>(byUser.entrySet());
        sorted.sort(Map.Entry.comparingByKey());
        return sorted;
    }

    /** On a thread of its own when {@code apart}, else done at once, here. */
    private static void start(FutureTask<?> task, String name, boolean apart) {
        if (apart) {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            thread.start();
        } else {
            task.run();
        }
    }

    /** The histories of some users, in the order given, and what the rules found in them, in the same order. */
    private record Checked(List<UserHistory> users, List<Violation> violations) {
    }

    private Checked check(List<Map.Entry<UserKey, List<AuditEvent>>> users, AuditContext context) {
        List<UserHistory> histories = new ArrayList<>(users.size());
        List<Violation> violations = new ArrayList<>();
        ReplayOrder order = new ReplayOrder();
        for (Map.Entry<UserKey, List<AuditEvent>> entry : users) {
            order.arrange(entry.getValue());
            UserHistory history = replay.replay(entry.getKey(), entry.getValue());
            histories.add(history);
            for (Rule rule : rules) {
                violations.addAll(rule.check(history, context));
            }
        }
        return new Checked(histories, violations);
    }

    /** Two threads only for a large history on more than one core: a thread costs more than a small audit. */
    private boolean parallel(int events) {
        return events >= parallelFrom && Runtime.getRuntime().availableProcessors() > 1;
    }

    private static <T> T joined(FutureTask<T> task) {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while auditing", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
    }
}
