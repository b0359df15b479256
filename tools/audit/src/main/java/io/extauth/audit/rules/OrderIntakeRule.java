package io.extauth.audit.rules;

import io.extauth.contract.events.AuthOrdered;
import io.extauth.contract.events.OrderPlaced;
import io.extauth.contract.events.OrderRejected;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Every {@code OrderPlaced} gets exactly one answer: an {@code AuthOrdered} or an {@code OrderRejected} of the same
 * order id, or its record on {@code billing.orders-dlt}. A billing system that sends an order again (same order id) is
 * still answered once: the order id is the idempotency key.
 */
public final class OrderIntakeRule implements Rule {

    /** Stands for a missing order id, which an {@code OrderRejected} answers without one. */
    private static final String NO_ORDER_ID = "\u0000none";

    @Override
    public List<Violation> check(UserHistory history, AuditContext context) {
        Map<String, List<AuditEvent>> placed = new LinkedHashMap<>();
        Map<String, List<AuditEvent>> answers = new HashMap<>();
        for (AuditEvent event : history.events()) {
            if (event.data() instanceof OrderPlaced order) {
                placed.computeIfAbsent(key(order.orderId()), k -> new ArrayList<>()).add(event);
            } else if (event.data() instanceof AuthOrdered ordered) {
                answers.computeIfAbsent(key(ordered.orderId()), k -> new ArrayList<>()).add(event);
            } else if (event.data() instanceof OrderRejected rejected) {
                answers.computeIfAbsent(key(rejected.orderId()), k -> new ArrayList<>()).add(event);
            }
        }
        List<Violation> violations = new ArrayList<>();
        placed.forEach((orderId, orders) -> {
            List<AuditEvent> answered = answers.getOrDefault(orderId, List.of());
            String name = Objects.equals(orderId, NO_ORDER_ID) ? "without an order id" : orderId;
            if (answered.isEmpty()) {
                List<AuditEvent> unanswered = orders.stream().filter(o -> !context.deadLetters().covers(o)).toList();
                if (!unanswered.isEmpty()) {
                    violations.add(new Violation(ViolationKind.ORDER_UNANSWERED, history.user(), unanswered,
                            "order " + name + " was placed but neither ordered, rejected nor dead-lettered"));
                }
            } else if (answered.size() > 1 && !(orderId.equals(NO_ORDER_ID) && answered.size() <= orders.size())) {
                List<AuditEvent> events = new ArrayList<>(orders);
                events.addAll(answered);
                violations.add(new Violation(ViolationKind.ORDER_ANSWERED_TWICE, history.user(), events,
                        "order " + name + " was answered " + answered.size() + " times: "
                                + answered.stream().map(AuditEvent::type).toList()));
            }
        });
        return violations;
    }

    private static String key(@Nullable String orderId) {
        return orderId == null ? NO_ORDER_ID : orderId;
    }
}
