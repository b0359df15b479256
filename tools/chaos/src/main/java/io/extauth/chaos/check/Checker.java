package io.extauth.chaos.check;

import io.extauth.audit.rules.AuditEvent;
import io.extauth.contract.ChallengeOutcome;
import io.extauth.contract.ExtauthEvent;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.contract.events.ChallengeIssued;
import io.extauth.contract.events.ChallengeResult;
import io.extauth.contract.events.EmailSent;
import io.extauth.contract.events.Provisioned;
import io.extauth.contract.events.ProvisioningFailed;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Holds what the driver did ({@link Ledger}) against what the topics and the SMTP server show, once the cluster is
 * quiet:
 * <ul>
 * <li>every order exactly one {@code AuthOrdered}, one {@code Provisioned} and one provisioning {@code EmailSent};</li>
 * <li>every challenge the driver was given exactly one {@code ChallengeIssued} and one {@code ChallengeResult};</li>
 * <li>every e-mail exactly one SMTP message with its Message-ID (a resend within the documented duplicate window
 * counts as doubled: the receiver got it twice), and every {@code EmailSent} one at all;</li>
 * <li>no unearned strike: a strike ({@code FAILED}, {@code LOCKED_OUT}, {@code EXPIRED}) only for a challenge the
 * driver answered wrong or left unanswered on purpose; a strike on a challenge answered right, or on one whose id the
 * driver never got (its request failed, so the user was never asked), is unearned. {@code NOT_DELIVERED} (the vendor
 * could not reach the user), {@code WITHDRAWN} (the factor changed while it was open), {@code REJECTED_LOCKED} and
 * {@code SUCCEEDED} are no strike.</li>
 * </ul>
 * Plain Java on contract records, so it is tested on event lists.
 */
public final class Checker {

    static final Set<ChallengeOutcome> STRIKES = EnumSet.of(ChallengeOutcome.FAILED, ChallengeOutcome.LOCKED_OUT,
            ChallengeOutcome.EXPIRED);
    private static final String PROVISIONING_TEMPLATE = "provisioned-";

    private Checker() {
    }

    /**
     * Everything wrong in {@code records} (the run's, all topics) and {@code smtp} (the run's messages). A record
     * published again with the same {@code ce_id} (the relay republishing what the broker took but did not
     * acknowledge) is the same event, as the consumers' inboxes see it: only distinct ids count.
     */
    public static List<Finding> check(Ledger ledger, List<AuditEvent> records, List<SmtpMessage> smtp) {
        Map<String, ExtauthEvent> distinct = new LinkedHashMap<>();
        records.forEach(record -> distinct.putIfAbsent(record.id(), record.data()));
        List<ExtauthEvent> events = new ArrayList<>(distinct.values());
        List<Finding> findings = new ArrayList<>();
        Map<String, String> orderPhase = new HashMap<>();
        ledger.orders().forEach(order -> orderPhase.put(order.userId(), order.phase()));
        checkOrders(ledger, events, findings);
        checkMails(events, smtp, orderPhase, findings);
        checkChallenges(ledger, events, findings);
        return findings;
    }

    private static void checkOrders(Ledger ledger, List<? extends ExtauthEvent> events, List<Finding> findings) {
        Map<String, Long> ordered = countBy(events, AuthOrdered.class, AuthOrdered::userId);
        Map<String, Long> provisioned = countBy(events, Provisioned.class, Provisioned::userId);
        Map<String, Long> failed = countBy(events, ProvisioningFailed.class, ProvisioningFailed::userId);
        Map<String, Long> mailed = events.stream().filter(EmailSent.class::isInstance).map(EmailSent.class::cast)
                .filter(e -> e.template().startsWith(PROVISIONING_TEMPLATE))
                .collect(Collectors.groupingBy(EmailSent::userId, Collectors.counting()));
        for (Ledger.Order order : ledger.orders()) {
            String user = order.userId();
            once(findings, order.phase(), "AuthOrdered of " + user, ordered.getOrDefault(user, 0L), "");
            once(findings, order.phase(), "Provisioned of " + user, provisioned.getOrDefault(user, 0L),
                    failed.containsKey(user) ? " (ProvisioningFailed instead)" : "");
            once(findings, order.phase(), "provisioning EmailSent of " + user, mailed.getOrDefault(user, 0L), "");
        }
    }

    private static void checkMails(List<? extends ExtauthEvent> events, List<SmtpMessage> smtp,
            Map<String, String> orderPhase, List<Finding> findings) {
        Map<String, Long> delivered = smtp.stream()
                .collect(Collectors.groupingBy(m -> SmtpMessage.normalize(m.messageId()), Collectors.counting()));
        Map<String, EmailSent> sent = new LinkedHashMap<>();
        Map<String, Long> published = new HashMap<>();
        for (ExtauthEvent event : events) {
            if (event instanceof EmailSent email) {
                String id = SmtpMessage.normalize(email.messageId());
                sent.putIfAbsent(id, email);
                published.merge(id, 1L, Long::sum);
            }
        }
        for (Map.Entry<String, EmailSent> entry : sent.entrySet()) {
            EmailSent email = entry.getValue();
            String phase = orderPhase.get(email.userId());
            String what = email.template() + " e-mail " + entry.getKey() + " of " + email.userId();
            if (published.get(entry.getKey()) > 1) {
                findings.add(new Finding(phase, Finding.Kind.DOUBLED, "EmailSent " + entry.getKey(),
                        published.get(entry.getKey()) + " EmailSent events for " + what));
            }
            long copies = delivered.getOrDefault(entry.getKey(), 0L);
            if (copies > 1 && published.get(entry.getKey()) == 1) {
                findings.add(new Finding(phase, Finding.Kind.RESENT, "SMTP message " + entry.getKey(),
                        copies + " times under one Message-ID (" + what + ")"));
            } else {
                once(findings, phase, "SMTP message " + entry.getKey(), copies, " (" + what + ")");
            }
        }
        delivered.forEach((id, count) -> {
            if (count > 1 && !sent.containsKey(id)) {
                findings.add(new Finding(null, Finding.Kind.DOUBLED, "SMTP message " + id,
                        count + " SMTP messages, and no EmailSent"));
            }
        });
    }

    private static void checkChallenges(Ledger ledger, List<? extends ExtauthEvent> events, List<Finding> findings) {
        Map<String, Long> issued = countBy(events, ChallengeIssued.class, ChallengeIssued::challengeId);
        Map<String, List<ChallengeResult>> results = events.stream().filter(ChallengeResult.class::isInstance)
                .map(ChallengeResult.class::cast).collect(Collectors.groupingBy(ChallengeResult::challengeId));
        Map<String, Ledger.Challenge> driven = new HashMap<>();
        for (Ledger.Challenge challenge : ledger.challenges()) {
            driven.put(challenge.challengeId(), challenge);
            String id = challenge.challengeId();
            List<ChallengeResult> decided = results.getOrDefault(id, List.of());
            once(findings, challenge.phase(), "ChallengeIssued " + id, issued.getOrDefault(id, 0L),
                    " (" + challenge.userId() + ")");
            once(findings, challenge.phase(), "ChallengeResult " + id, decided.size(),
                    " (" + challenge.userId() + ", " + outcomes(decided) + ")");
            if (challenge.intent() == Intent.RIGHT) {
                decided.stream().filter(r -> STRIKES.contains(r.outcome())).findFirst().ifPresent(strike ->
                        findings.add(new Finding(challenge.phase(), Finding.Kind.UNEARNED_STRIKE, "challenge " + id,
                                strike.outcome() + " for a right answer of " + challenge.userId())));
            }
        }
        results.forEach((id, decided) -> {
            if (!driven.containsKey(id)) {
                decided.stream().filter(r -> STRIKES.contains(r.outcome())).findFirst().ifPresent(strike ->
                        findings.add(new Finding(null, Finding.Kind.UNEARNED_STRIKE, "challenge " + id,
                                strike.outcome() + " for " + strike.userId() + " on a challenge the user was never "
                                        + "given (its request failed)")));
            }
        });
    }

    private static void once(List<Finding> findings, @Nullable String phase, String subject, long count,
            String detail) {
        if (count == 0) {
            findings.add(new Finding(phase, Finding.Kind.LOST, subject, "none" + detail));
        } else if (count > 1) {
            findings.add(new Finding(phase, Finding.Kind.DOUBLED, subject, count + " times" + detail));
        }
    }

    private static String outcomes(List<ChallengeResult> decided) {
        return decided.isEmpty() ? "no result"
                : decided.stream().map(r -> r.outcome().name()).collect(Collectors.joining(", "));
    }

    private static <T extends ExtauthEvent> Map<String, Long> countBy(List<? extends ExtauthEvent> events,
            Class<T> type, Function<T, String> key) {
        return events.stream().filter(type::isInstance).map(type::cast)
                .collect(Collectors.groupingBy(key, Collectors.counting()));
    }
}
