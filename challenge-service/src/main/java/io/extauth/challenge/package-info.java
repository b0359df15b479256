/** challenge-service: the per-user lifecycle, activation, challenges and lockouts. */
@NullMarked
package io.extauth.challenge;

import org.jspecify.annotations.NullMarked;
