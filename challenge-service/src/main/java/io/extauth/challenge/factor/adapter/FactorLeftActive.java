package io.extauth.challenge.factor.adapter;

import io.extauth.lifecycle.LifecycleState;

/**
 * Published in the transaction that moved a user's factor to a state other than ACTIVE (locked, deactivated, ordered
 * again): from then on no pending challenge of the user can succeed; they are decided in that transaction and whoever
 * reaches the user for one is told to stop after it.
 */
public record FactorLeftActive(String accountId, String userId, LifecycleState state) {
}
