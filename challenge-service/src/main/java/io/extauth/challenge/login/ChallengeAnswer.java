package io.extauth.challenge.login;

/**
 * What decides a challenge, as data: what the user did on the phone or in the app ({@link PhoneAnswer}, judged by
 * {@link ChallengeAnswerRules} against the challenge's code and the user's PIN), or a verdict reached without this
 * service's secrets ({@link DecisionRules.Verdict}: VIP judged the code, nobody answered in time). The decision judges
 * it under the user's row lock, and only when {@link DecisionRules} says it can matter.
 */
public sealed interface ChallengeAnswer permits PhoneAnswer, DecisionRules.Verdict, TypedInTime {
}
