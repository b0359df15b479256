package io.extauth.bench.scenario;

import io.extauth.contract.AuthType;
import io.extauth.contract.ChallengeOutcome;
import io.extauth.contract.ExtauthEvent;
import io.extauth.contract.FactorChange;
import io.extauth.contract.LoginChannel;
import io.extauth.contract.OrderChannel;
import io.extauth.contract.PhoneFactorMethod;
import io.extauth.contract.events.Activated;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.contract.events.ChallengeIssued;
import io.extauth.contract.events.ChallengeResult;
import io.extauth.contract.events.Deactivated;
import io.extauth.contract.events.EmailSent;
import io.extauth.contract.events.EmailWithdrawn;
import io.extauth.contract.events.FactorSettingsChanged;
import io.extauth.contract.events.FraudReported;
import io.extauth.contract.events.OrderCancelled;
import io.extauth.contract.events.OrderPlaced;
import io.extauth.contract.events.OrderRejected;
import io.extauth.contract.events.Provisioned;
import io.extauth.contract.events.ProvisioningFailed;
import io.extauth.contract.events.Unlocked;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** Events of every type of the contract as the services write them, the {@code n}-th for user {@code bench-<n>}. */
final class ContractEvents {

    private static final Instant EPOCH = Instant.parse("2026-11-30T10:00:00Z");

    private ContractEvents() {
    }

    /** The {@code n}-th event of each type, in the contract's order of types. */
    static List<ExtauthEvent> all(int n) {
        String account = String.valueOf(1000 + n % 500);
        String user = "bench-" + n;
        String order = "order-" + n;
        String challenge = "c-" + n;
        Instant at = EPOCH.plusMillis(n * 1_337L).plusNanos(n % 1000 * 1000L);
        return List.of(
                new OrderPlaced(account, user, order, user + "@example.com", "PHONEFACTOR", null, null, true,
                        "billing"),
                new OrderRejected(account, user, order, List.of(new OrderRejected.Reason("email", "invalid",
                        "The e-mail address is not valid"))),
                new AuthOrdered(account, user, order, AuthType.PHONEFACTOR, null, user + "@example.com", null,
                        new BigDecimal("4.99"), OrderChannel.BILLING, at),
                new OrderCancelled(account, user, order, "admin-" + account, at),
                new Provisioned(account, user, order, AuthType.PHONEFACTOR, "pf-" + n, at),
                new ProvisioningFailed(account, user, order, AuthType.SYMANTEC_VIP, "credential unknown", 5),
                new EmailSent(account, user, order, "provisioned-phonefactor", "b***@example.com",
                        "<m-" + n + "@extauth>", at),
                new EmailWithdrawn(account, user, order, "provisioned-phonefactor", "<w-" + n + "@extauth>",
                        "order " + order + " was cancelled", at),
                new Activated(account, user, AuthType.PHONEFACTOR, PhoneFactorMethod.PHONE_CALL_STANDARD, at, user),
                new Deactivated(account, user, "admin-" + account, at, AuthType.PHONEFACTOR, order),
                new Unlocked(account, user, Unlocked.BY_TIMER, at),
                new FactorSettingsChanged(account, user, PhoneFactorMethod.SMS_ONE_TIME_PIN, user, at,
                        List.of(FactorChange.METHOD, FactorChange.PIN_ADDED), "+1 ***-***-" + (1000 + n % 9000)),
                new ChallengeIssued(account, user, challenge, LoginChannel.PORTAL, AuthType.PHONEFACTOR,
                        PhoneFactorMethod.PHONE_CALL_STANDARD, "+1 ***-***-1234", at.plusSeconds(120),
                        "PhoneFactor authentication is being attempted"),
                new ChallengeResult(account, user, challenge, LoginChannel.PORTAL,
                        n % 5 == 4 ? ChallengeOutcome.LOCKED_OUT : ChallengeOutcome.SUCCEEDED, n % 5, 5 - n % 5,
                        n % 5 == 4 ? at.plusSeconds(3600) : null, at),
                new FraudReported(account, user, challenge, LoginChannel.VPN, PhoneFactorMethod.APP_STANDARD, at));
    }
}
