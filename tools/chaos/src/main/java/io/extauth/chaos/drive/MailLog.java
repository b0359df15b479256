package io.extauth.chaos.drive;

import io.extauth.bench.stack.Http;
import io.extauth.chaos.check.SmtpMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The SMTP messages of the run, read from the mail server's read API: {@code GET <api>/deliveries} (every SMTP
 * delivery since the server started, per Message-ID and recipient with a count, so a resend shows), else
 * {@code GET <api>/messages} (each message once). The cluster's mail server keeps its delivery counts across a
 * restart (it writes each delivery down before answering "250 OK"); a server that forgets them shows fewer than the
 * read before, and then the log keeps what each run of the server showed, so earlier deliveries stay counted.
 * (Reading just before stopping a forgetful server was not enough: mails kept arriving while the stop command
 * started, and the SMTP outage of the chaos run counted 80 delivered mails as lost.)
 */
public final class MailLog {

    private final Http http;
    private final String api;
    private final String recipientMark;
    /** Per server run, the latest count per Message-ID. */
    private final List<Map<String, Integer>> runs = new ArrayList<>(List.of(new HashMap<>()));
    private int lastTotal;
    private boolean countsSinceStart;

    /** Only messages to a recipient containing {@code recipientMark} (the run's user-id prefix) are the run's. */
    public MailLog(Http http, String mailApi, String recipientMark) {
        this.http = http;
        this.api = mailApi;
        this.recipientMark = recipientMark;
    }

    /** Reads the server now; false (and nothing changed) when it does not answer. */
    public synchronized boolean read() {
        Map<String, Integer> counts = new HashMap<>();
        int total = 0;
        try {
            Http.Answer deliveries = http.get(api + "/deliveries", null);
            countsSinceStart = deliveries.ok() && deliveries.body().isArray();
            if (countsSinceStart) {
                for (JsonNode delivery : deliveries.body()) {
                    int count = delivery.path("count").asInt(1);
                    total += count;
                    if (delivery.path("to").asText("").contains(recipientMark)) {
                        // one SMTP transaction to several recipients is delivered once to each
                        counts.merge(SmtpMessage.normalize(delivery.path("messageId").asText("")), count, Math::max);
                    }
                }
            } else {
                Http.Answer messages = http.get(api + "/messages", null);
                if (!messages.ok() || !messages.body().isArray()) {
                    return false;
                }
                for (JsonNode message : messages.body()) {
                    total++;
                    if (isOurs(message)) {
                        counts.merge(SmtpMessage.normalize(message.path("messageId").asText("")), 1, Integer::sum);
                    }
                }
            }
        } catch (RuntimeException e) {
            return false;
        }
        if (total < lastTotal) {
            runs.add(new HashMap<>());
        }
        lastTotal = total;
        runs.set(runs.size() - 1, counts);
        return true;
    }

    public synchronized List<SmtpMessage> messages() {
        List<SmtpMessage> messages = new ArrayList<>();
        for (Map<String, Integer> run : runs) {
            run.forEach((id, count) -> {
                for (int i = 0; i < count; i++) {
                    messages.add(new SmtpMessage(id));
                }
            });
        }
        return messages;
    }

    private boolean isOurs(JsonNode message) {
        for (JsonNode to : message.path("to")) {
            if (to.asText("").contains(recipientMark)) {
                return true;
            }
        }
        return false;
    }
}
