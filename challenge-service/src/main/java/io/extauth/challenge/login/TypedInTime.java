package io.extauth.challenge.login;

import io.extauth.challenge.login.DecisionRules.Verdict;

/**
 * VIP's verdict on a security code typed before the challenge's end: its attempt was reserved then, under the user's
 * lock, and VIP may take seconds to judge it (a connect and a read timeout, a wait for the user's answer before it).
 * It counts however late the verdict comes: judged by the clock of its decision, a right code typed two seconds
 * before the end was EXPIRED, a strike.
 */
public record TypedInTime(Verdict verdict) implements ChallengeAnswer {
}
