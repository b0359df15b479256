package io.extauth.localstack;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * One account user at a glance, from what the services' read APIs answer: the latest order, the lifecycle state,
 * strikes, lock, phones (masked by the service) and e-mails. Plain text, one fact a line.
 */
final class StatusReport {

    private StatusReport() {
    }

    /**
     * @param orders the user's orders, newest first ({@code GET /api/orders} items)
     * @param factor {@code GET /api/users/{userId}/external-auth}
     * @param emails {@code GET /api/accounts/{accountId}/users/{userId}/emails}, oldest first
     */
    static List<String> of(String accountId, String userId, List<JsonNode> orders, JsonNode factor, JsonNode emails) {
        List<String> lines = new ArrayList<>();
        lines.add("account " + accountId + ", user " + userId);
        if (orders.isEmpty()) {
            lines.add(row("order", "none"));
        } else {
            JsonNode order = orders.get(0);
            lines.add(row("order", text(order, "type") + " " + text(order, "status") + ", order "
                    + text(order, "orderId") + " via " + text(order, "channel") + ", updated "
                    + text(order, "updatedAt") + reasons(order)
                    + (orders.size() > 1 ? " (" + (orders.size() - 1) + " earlier)" : "")));
        }
        lines.add(row("lifecycle", text(factor, "state") + optional(factor, "type") + optional(factor, "method")
                + (factor.hasNonNull("settingsStatus") ? ", settings " + text(factor, "settingsStatus") : "")
                + (factor.path("pinSet").asBoolean() ? ", PIN set" : "")));
        lines.add(row("strikes", factor.path("consecutiveFailures").asInt() + " in a row"));
        lines.add(row("lock", factor.hasNonNull("lockedUntil") ? "locked until " + text(factor, "lockedUntil")
                : "not locked"));
        if (factor.hasNonNull("activationLockedUntil")) {
            lines.add(row("activation", "refused until " + text(factor, "activationLockedUntil")));
        }
        lines.add(row("phones", "primary " + orNone(factor, "primaryPhoneMasked") + ", secondary "
                + orNone(factor, "secondaryPhoneMasked")));
        if (emails.isEmpty()) {
            lines.add(row("e-mails", "none"));
        }
        String label = "e-mails";
        for (JsonNode email : emails) {
            lines.add(row(label, text(email, "status") + " " + text(email, "template") + " to "
                    + orNone(email, "toMasked") + (email.hasNonNull("sentAt") ? " at " + text(email, "sentAt") : "")
                    + (email.hasNonNull("failureReason") ? ": " + text(email, "failureReason") : "")
                    + (email.hasNonNull("lastError") ? " (last error: " + text(email, "lastError") + ")" : "")));
            label = "";
        }
        return lines;
    }

    private static String row(String label, String value) {
        return String.format("  %-11s %s", label, value);
    }

    private static String reasons(JsonNode order) {
        List<String> codes = new ArrayList<>();
        for (JsonNode reason : order.path("reasons")) {
            codes.add(reason.hasNonNull("code") ? text(reason, "code") : reason.toString());
        }
        return codes.isEmpty() ? "" : ", reasons " + String.join(", ", codes);
    }

    private static String optional(JsonNode node, String field) {
        return node.hasNonNull(field) ? " " + text(node, field) : "";
    }

    private static String orNone(JsonNode node, String field) {
        return node.hasNonNull(field) ? text(node, field) : "none";
    }

    private static String text(JsonNode node, String field) {
        return node.path(field).asText();
    }
}
