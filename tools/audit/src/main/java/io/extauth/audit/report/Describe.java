package io.extauth.audit.report;

import io.extauth.contract.ExtauthEvent;
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

/** One line about an event's data for a timeline: what an operator needs, never a clear e-mail address. */
final class Describe {

    private Describe() {
    }

    static String data(ExtauthEvent data) {
        if (data instanceof OrderPlaced e) {
            return "order " + e.orderId() + " " + e.type() + " by " + e.orderedBy();
        }
        if (data instanceof OrderRejected e) {
            return "order " + e.orderId() + " rejected: "
                    + e.reasons().stream().map(r -> r.field() + " " + r.code()).toList();
        }
        if (data instanceof AuthOrdered e) {
            return "order " + e.orderId() + " " + e.type() + " via " + e.channel() + ", fee " + e.monthlyFee();
        }
        if (data instanceof OrderCancelled e) {
            return "order " + e.orderId() + " cancelled by " + e.cancelledBy() + " at " + e.at();
        }
        if (data instanceof Provisioned e) {
            return "order " + e.orderId() + " " + e.type() + " vendorRef " + e.vendorRef();
        }
        if (data instanceof ProvisioningFailed e) {
            return "order " + e.orderId() + " failed after " + e.attempts() + " attempts: " + e.reason();
        }
        if (data instanceof EmailWithdrawn e) {
            return "e-mail " + e.template() + " withdrawn, not sent: " + e.reason();
        }
        if (data instanceof EmailSent e) {
            return "template " + e.template() + " for order " + e.orderId() + " to " + e.toMasked();
        }
        if (data instanceof Activated e) {
            return e.type() + (e.method() == null ? "" : " " + e.method()) + " by " + e.activatedBy();
        }
        if (data instanceof Deactivated e) {
            return "by " + e.deactivatedBy();
        }
        if (data instanceof Unlocked e) {
            return "by " + e.by() + " at " + e.at();
        }
        if (data instanceof FactorSettingsChanged e) {
            return "settings changed, method " + e.method() + ", by " + e.changedBy();
        }
        if (data instanceof FraudReported e) {
            return "fraud reported on challenge " + e.challengeId() + " " + e.channel()
                    + (e.method() == null ? "" : " " + e.method()) + ": blocked until an admin unlocks";
        }
        if (data instanceof ChallengeIssued e) {
            return "challenge " + e.challengeId() + " " + e.channel() + " expires " + e.expiresAt();
        }
        if (data instanceof ChallengeResult e) {
            return "challenge " + e.challengeId() + " " + e.channel() + " " + e.outcome() + ", failures "
                    + e.consecutiveFailures() + (e.lockedUntil() == null ? "" : ", locked until " + e.lockedUntil());
        }
        return data.eventType();
    }
}
