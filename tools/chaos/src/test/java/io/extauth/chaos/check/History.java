package io.extauth.chaos.check;

import io.extauth.audit.rules.AuditEvent;
import io.extauth.audit.rules.Position;
import io.extauth.contract.AuthType;
import io.extauth.contract.ChallengeOutcome;
import io.extauth.contract.ExtauthEvent;
import io.extauth.contract.LoginChannel;
import io.extauth.contract.OrderChannel;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.contract.events.ChallengeIssued;
import io.extauth.contract.events.ChallengeResult;
import io.extauth.contract.events.EmailSent;
import io.extauth.contract.events.Provisioned;
import io.extauth.contract.events.ProvisioningFailed;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Builds the events and SMTP messages a run leaves behind, one order or challenge at a time. */
final class History {

    static final String ACCOUNT = "chaos-run";
    private static final Instant AT = Instant.parse("2026-11-30T06:00:00Z");

    final List<AuditEvent> events = new ArrayList<>();
    final List<SmtpMessage> smtp = new ArrayList<>();

    History ordered(String user) {
        add(new AuthOrdered(ACCOUNT, user, "order-" + user, AuthType.PHONEFACTOR, null, user + "@example.com",
                null, new BigDecimal("3.00"), OrderChannel.BILLING, AT));
        return this;
    }

    History provisioned(String user) {
        add(new Provisioned(ACCOUNT, user, "order-" + user, AuthType.PHONEFACTOR, "PF-" + user, AT));
        return this;
    }

    History provisioningFailed(String user) {
        add(new ProvisioningFailed(ACCOUNT, user, "order-" + user, AuthType.PHONEFACTOR, "vendor down", 8));
        return this;
    }

    History emailSent(String user, String template) {
        add(new EmailSent(ACCOUNT, user, "order-" + user, template, "u***@example.com", messageId(user, template),
                AT));
        return this;
    }

    History delivered(String user, String template) {
        smtp.add(new SmtpMessage("<" + messageId(user, template) + ">"));
        return this;
    }

    /** An order the whole way: AuthOrdered, Provisioned, EmailSent and its one SMTP message. */
    History orderDone(String user) {
        return ordered(user).provisioned(user).emailSent(user, "provisioned-phonefactor")
                .delivered(user, "provisioned-phonefactor");
    }

    History issued(String user, String challenge) {
        add(new ChallengeIssued(ACCOUNT, user, challenge, LoginChannel.PORTAL, AuthType.SYMANTEC_VIP, null, null,
                AT.plusSeconds(120), "Symantec VIP authentication is being attempted"));
        return this;
    }

    History result(String user, String challenge, ChallengeOutcome outcome) {
        add(new ChallengeResult(ACCOUNT, user, challenge, LoginChannel.PORTAL, outcome, 0, 5, null, AT));
        return this;
    }

    /** The last event once more with the same {@code ce_id}, as a relay republishes after a lost acknowledgement. */
    History republished() {
        AuditEvent last = events.get(events.size() - 1);
        events.add(new AuditEvent(new Position(last.position().topic(), 0, events.size()), last.id(), AT, last.data()));
        return this;
    }

    private void add(ExtauthEvent event) {
        events.add(new AuditEvent(new Position("topic", 0, events.size()), "ce-" + events.size(), AT, event));
    }

    static String messageId(String user, String template) {
        return "ce-" + user + "." + template + "@extauth";
    }
}
