package io.extauth.challenge.factor.adapter;

import io.extauth.lifecycle.LifecycleState;

/**
 * Published in the transaction that moved a user's factor to a state other than ACTIVE (locked, deactivated, ordered
 * again): from then on no pending challenge of the user can succeed, so whoever reaches the user for one may stop.
 */
public record FactorLeftActive(String accountId, String userId, LifecycleState state) {
}
