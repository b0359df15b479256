package io.extauth.chaos.drive;

import java.time.Duration;
import java.util.List;

/**
 * Where the driver sends its load and how much: orders per second on {@code billing.orders}, login workers against
 * every challenge-service instance, and the share of wrong (Symantec) and deliberately unanswered (PhoneFactor)
 * challenges.
 */
public record Target(String bootstrapServers, List<String> challengeUrls, String simulatorUrl, int users,
        double orderRate, int loginWorkers, double wrongShare, double unansweredShare, Duration patience) {
}
