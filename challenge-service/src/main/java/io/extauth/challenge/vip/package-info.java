/** The adapter to Symantec VIP code validation. */
@NullMarked
package io.extauth.challenge.vip;

import org.jspecify.annotations.NullMarked;
