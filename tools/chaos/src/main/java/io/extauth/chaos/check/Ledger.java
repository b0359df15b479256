package io.extauth.chaos.check;

import java.util.ArrayList;
import java.util.List;

/**
 * What the driver did, per phase: the orders it placed (the broker acknowledged them) and the challenges it was given
 * (a {@code 201} with a challenge id) with what it did with each. Thread-safe: the driver's workers write to it.
 */
public final class Ledger {

    /** An order the broker acknowledged; one order per user, so the user names it on every topic. */
    public record Order(String phase, String userId) {
    }

    /** A challenge the driver holds the id of. */
    public record Challenge(String phase, String challengeId, String userId, Intent intent) {
    }

    private final List<Order> orders = new ArrayList<>();
    private final List<Challenge> challenges = new ArrayList<>();

    public synchronized void ordered(String phase, String userId) {
        orders.add(new Order(phase, userId));
    }

    /** Records a challenge given to the driver; given again (still open), it keeps its first phase and intent. */
    public synchronized Intent challenged(String phase, String challengeId, String userId, Intent intent) {
        for (Challenge known : challenges) {
            if (known.challengeId().equals(challengeId)) {
                return known.intent();
            }
        }
        challenges.add(new Challenge(phase, challengeId, userId, intent));
        return intent;
    }

    public synchronized List<Order> orders() {
        return List.copyOf(orders);
    }

    public synchronized List<Challenge> challenges() {
        return List.copyOf(challenges);
    }

    public synchronized long orders(String phase) {
        return orders.stream().filter(o -> o.phase().equals(phase)).count();
    }

    public synchronized long challenges(String phase) {
        return challenges.stream().filter(c -> c.phase().equals(phase)).count();
    }
}
