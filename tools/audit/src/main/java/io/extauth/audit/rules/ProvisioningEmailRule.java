package io.extauth.audit.rules;

import io.extauth.contract.events.Deactivated;
import io.extauth.contract.events.EmailSent;
import io.extauth.contract.events.EmailWithdrawn;
import io.extauth.contract.events.OrderCancelled;
import io.extauth.contract.events.Provisioned;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every {@code Provisioned} has exactly one provisioning e-mail outcome: an {@code EmailSent} of the same order whose
 * template is not one of the later mails (activation, lockout, fraud report, settings changed), or an
 * {@code EmailWithdrawn} of the order (notification-service withdraws the provisioning e-mail of an order cancelled,
 * or whose factor was deactivated, before it went out, so that the user is not told to activate it). A withdrawal of
 * an order that was never cancelled and whose factor no {@code Deactivated} named is a missing e-mail; two outcomes
 * are a duplicate. An order cancelled before it was provisioned (an
 * {@code OrderCancelled} of the same order before the {@code Provisioned}) may have none: the vendor may have provisioned
 * it in the race with the cancel, and histories written before the withdrawal existed have no {@code EmailWithdrawn}.
 */
public final class ProvisioningEmailRule implements Rule {

    static final Set<String> LATER_TEMPLATES = Set.of("activated", "lockout", "fraud-reported",
            "factor-settings-changed");

    @Override
    public List<Violation> check(UserHistory history, AuditContext context) {
        Map<String, List<AuditEvent>> provisioned = new LinkedHashMap<>();
        Map<String, List<AuditEvent>> mails = new HashMap<>();
        Map<String, List<AuditEvent>> withdrawals = new HashMap<>();
        Set<String> undone = new HashSet<>();
        Set<String> cancelledBeforeProvisioning = new HashSet<>();
        for (AuditEvent event : history.events()) {
            if (event.data() instanceof OrderCancelled cancel) {
                undone.add(cancel.orderId());
                if (!provisioned.containsKey(cancel.orderId())) {
                    cancelledBeforeProvisioning.add(cancel.orderId());
                }
            } else if (event.data() instanceof Deactivated deactivated && deactivated.orderId() != null) {
                undone.add(deactivated.orderId());
            } else if (event.data() instanceof Provisioned p) {
                provisioned.computeIfAbsent(p.orderId(), k -> new ArrayList<>()).add(event);
            } else if (event.data() instanceof EmailSent mail && mail.orderId() != null
                    && !LATER_TEMPLATES.contains(mail.template())) {
                mails.computeIfAbsent(mail.orderId(), k -> new ArrayList<>()).add(event);
            } else if (event.data() instanceof EmailWithdrawn withdrawn
                    && !LATER_TEMPLATES.contains(withdrawn.template())) {
                withdrawals.computeIfAbsent(withdrawn.orderId(), k -> new ArrayList<>()).add(event);
            }
        }
        List<Violation> violations = new ArrayList<>();
        provisioned.forEach((orderId, provisionings) -> {
            List<AuditEvent> sent = mails.getOrDefault(orderId, List.of());
            List<AuditEvent> withdrawn = withdrawals.getOrDefault(orderId, List.of());
            List<AuditEvent> events = new ArrayList<>(provisionings);
            events.addAll(sent);
            events.addAll(withdrawn);
            if (!withdrawn.isEmpty() && !undone.contains(orderId)) {
                violations.add(new Violation(ViolationKind.PROVISIONING_EMAIL_MISSING, history.user(), events,
                        "order " + orderId + " was provisioned and neither cancelled nor deactivated, but its "
                                + "provisioning e-mail was withdrawn"));
            } else if (sent.size() + withdrawn.size() > 1) {
                violations.add(new Violation(ViolationKind.PROVISIONING_EMAIL_DUPLICATED, history.user(), events,
                        "order " + orderId + " was provisioned once but " + outcomes(sent, withdrawn)));
            } else if (sent.isEmpty() && withdrawn.isEmpty() && !cancelledBeforeProvisioning.contains(orderId)) {
                violations.add(new Violation(ViolationKind.PROVISIONING_EMAIL_MISSING, history.user(), events,
                        "order " + orderId + " was provisioned but no provisioning e-mail was sent"));
            }
        });
        return violations;
    }

    private static String outcomes(List<AuditEvent> sent, List<AuditEvent> withdrawn) {
        if (withdrawn.isEmpty()) {
            return sent.size() + " provisioning e-mails were sent";
        }
        return sent.isEmpty() ? "its provisioning e-mail was withdrawn " + withdrawn.size() + " times"
                : "its provisioning e-mail was both sent and withdrawn";
    }
}
