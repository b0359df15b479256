package io.extauth.challenge.login.adapter;

import io.extauth.challenge.factor.adapter.FactorLeftActive;
import io.extauth.challenge.telephony.adapter.TelephonyGateway;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Once a user is locked, deactivated or ordered again, no pending challenge of theirs can succeed: the calls, SMS and
 * pushes still waiting for the user are withdrawn at the gateway, so the phone stops ringing instead of inviting an
 * answer that can only fail (or strike). After the commit and best effort: a gateway that cannot be told is logged
 * and counted ({@code extauth_telephony_cancellations_total{outcome="failed"}}); the challenge is decided as before,
 * by its expiry, whatever the gateway did.
 */
@Component
class ContactCancellations {

    private final JdbcTemplate jdbc;
    private final TelephonyGateway telephony;
    private final Counter cancelled;
    private final Counter failed;

    ContactCancellations(JdbcTemplate jdbc, TelephonyGateway telephony, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.telephony = telephony;
        this.cancelled = counter(meters, "cancelled");
        this.failed = counter(meters, "failed");
    }

    @TransactionalEventListener
    void factorLeftActive(FactorLeftActive left) {
        List<String> pending = jdbc.queryForList("""
                SELECT id::text FROM challenge WHERE account_id = ? AND user_id = ? AND status = 'PENDING'""",
                String.class, left.accountId(), left.userId());
        for (String challengeId : pending) {
            (telephony.cancelContacts(challengeId) ? cancelled : failed).increment();
        }
    }

    private static Counter counter(MeterRegistry meters, String outcome) {
        return Counter.builder("extauth.telephony.cancellations").tag("outcome", outcome)
                .description("Pending challenges whose calls, SMS and pushes were withdrawn at the gateway")
                .register(meters);
    }
}
