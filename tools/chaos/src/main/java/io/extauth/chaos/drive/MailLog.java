package io.extauth.chaos.drive;

import io.extauth.bench.stack.Http;
import io.extauth.chaos.check.SmtpMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The SMTP messages of the run, read from the mail server's read API ({@code GET <api>/messages}: a JSON array with
 * {@code messageId} and {@code to} per message). A mail server that keeps mail in memory forgets it when it is
 * stopped, so the log keeps what each run of the server showed: when a read shows fewer messages than the one
 * before, the server was restarted, and its earlier messages stay counted. Reading just before stopping the server
 * keeps every message it took.
 */
public final class MailLog {

    private final Http http;
    private final String messagesUrl;
    private final String recipientMark;
    /** Per server run, the latest count per Message-ID. */
    private final List<Map<String, Integer>> runs = new ArrayList<>(List.of(new HashMap<>()));
    private int lastTotal;

    /** Only messages to a recipient containing {@code recipientMark} (the run's user-id prefix) are the run's. */
    public MailLog(Http http, String mailApi, String recipientMark) {
        this.http = http;
        this.messagesUrl = mailApi + "/messages";
        this.recipientMark = recipientMark;
    }

    /** Reads the server now; false (and nothing changed) when it does not answer. */
    public synchronized boolean read() {
        Http.Answer answer;
        try {
            answer = http.get(messagesUrl, null);
        } catch (RuntimeException e) {
            return false;
        }
        if (!answer.ok() || !answer.body().isArray()) {
            return false;
        }
        Map<String, Integer> counts = new HashMap<>();
        int total = 0;
        for (JsonNode message : answer.body()) {
            total++;
            if (isOurs(message)) {
                counts.merge(SmtpMessage.normalize(message.path("messageId").asText("")), 1, Integer::sum);
            }
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
