package io.extauth.audit.rules;

import io.extauth.contract.events.EmailSent;
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
 * Every {@code Provisioned} has exactly one provisioning e-mail: an {@code EmailSent} of the same order whose template
 * is not one of the later mails (activation, lockout, fraud report, settings changed). A cancelled order (an
 * {@code OrderCancelled} of the same order, before or after the {@code Provisioned}) need not be mailed: the vendor may
 * have provisioned it in the race with the cancel, and notification-service withdraws the provisioning e-mail of a
 * cancelled order while it is not sent yet, so that the user is not told to activate it. One e-mail is still fine
 * there (sent before the cancel was read), two are still a duplicate. What this cannot tell apart: an e-mail that was
 * never going to be sent, of an order cancelled later.
 */
public final class ProvisioningEmailRule implements Rule {

    static final Set<String> LATER_TEMPLATES = Set.of("activated", "lockout", "fraud-reported",
            "factor-settings-changed");

    @Override
    public List<Violation> check(UserHistory history, AuditContext context) {
        Map<String, List<AuditEvent>> provisioned = new LinkedHashMap<>();
        Map<String, List<AuditEvent>> mails = new HashMap<>();
        Set<String> cancelled = new HashSet<>();
        for (AuditEvent event : history.events()) {
            if (event.data() instanceof OrderCancelled cancel) {
                cancelled.add(cancel.orderId());
            } else if (event.data() instanceof Provisioned p) {
                provisioned.computeIfAbsent(p.orderId(), k -> new ArrayList<>()).add(event);
            } else if (event.data() instanceof EmailSent mail && mail.orderId() != null
                    && !LATER_TEMPLATES.contains(mail.template())) {
                mails.computeIfAbsent(mail.orderId(), k -> new ArrayList<>()).add(event);
            }
        }
        List<Violation> violations = new ArrayList<>();
        provisioned.forEach((orderId, provisionings) -> {
            List<AuditEvent> sent = mails.getOrDefault(orderId, List.of());
            List<AuditEvent> events = new ArrayList<>(provisionings);
            events.addAll(sent);
            if (sent.isEmpty() && !cancelled.contains(orderId)) {
                violations.add(new Violation(ViolationKind.PROVISIONING_EMAIL_MISSING, history.user(), events,
                        "order " + orderId + " was provisioned but no provisioning e-mail was sent"));
            } else if (sent.size() > 1) {
                violations.add(new Violation(ViolationKind.PROVISIONING_EMAIL_DUPLICATED, history.user(), events,
                        "order " + orderId + " was provisioned once but " + sent.size()
                                + " provisioning e-mails were sent"));
            }
        });
        return violations;
    }
}
