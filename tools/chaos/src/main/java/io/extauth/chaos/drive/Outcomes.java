package io.extauth.chaos.drive;

import io.extauth.bench.kafka.TopicTail;
import io.extauth.chaos.check.Ledger;
import io.extauth.contract.Topics;
import io.extauth.contract.events.ChallengeResult;
import io.extauth.contract.events.EmailSent;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Follows {@code auth.email-sent} and {@code auth.challenge-result} from the start of the run: which users got their
 * provisioning e-mail, which challenges have a result. The driver waits on it for a challenge's result before it
 * challenges the same user again; the run waits on it for every driven order and challenge to be settled.
 */
public final class Outcomes implements AutoCloseable {

    private final Set<String> mailed = ConcurrentHashMap.newKeySet();
    private final Map<String, String> results = new ConcurrentHashMap<>();
    private final TopicTail tail;

    public Outcomes(String bootstrapServers) {
        // a withdrawn e-mail (EmailWithdrawn, same topic) is no e-mail; a fraud report has no outcome of its own
        this.tail = TopicTail.start(bootstrapServers, List.of(Topics.AUTH_EMAIL_SENT, Topics.AUTH_CHALLENGE_RESULT),
                Set.of(EmailSent.class.getSimpleName(), ChallengeResult.class.getSimpleName()), this::onEvent);
    }

    private void onEvent(String topic, JsonNode data, long arrivedNanos) {
        if (Topics.AUTH_EMAIL_SENT.equals(topic)) {
            if (data.path("template").asText("").startsWith("provisioned-")) {
                mailed.add(data.path("userId").asText());
            }
        } else if (data.has("outcome")) {
            results.putIfAbsent(data.path("challengeId").asText(), data.path("outcome").asText());
            synchronized (this) {
                notifyAll();
            }
        }
    }

    /** The outcome of the challenge, waiting for it at most {@code timeoutMillis}; null when none came. */
    public @Nullable String awaitResult(String challengeId, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        synchronized (this) {
            while (!results.containsKey(challengeId)) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    return null;
                }
                wait(Math.min(left, 500));
            }
        }
        return results.get(challengeId);
    }

    /** How many of the ledger's orders have no provisioning e-mail yet and challenges no result yet. */
    public long unsettled(Ledger ledger) {
        long orders = ledger.orders().stream().filter(o -> !mailed.contains(o.userId())).count();
        long challenges = ledger.challenges().stream().filter(c -> !results.containsKey(c.challengeId())).count();
        return orders + challenges;
    }

    /** Blocks until nothing is unsettled or the time is up. */
    public boolean awaitSettled(Ledger ledger, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (unsettled(ledger) > 0) {
            if (System.currentTimeMillis() > deadline) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
        return true;
    }

    @Override
    public void close() {
        tail.close();
    }
}
