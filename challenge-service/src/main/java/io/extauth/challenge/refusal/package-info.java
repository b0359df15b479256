/**
 * What a refusal is, in plain Java: each feature names its own ({@code ActivationRefusal}, {@code ChallengeRefusal},
 * {@code TooManyContacts}); only the web edge turns one into a problem.
 */
@NullMarked
package io.extauth.challenge.refusal;

import org.jspecify.annotations.NullMarked;
