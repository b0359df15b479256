/** Symantec VIP rules in plain Java: credential IDs, the RFC 6238 codes a token shows and their one-time validation. */
@NullMarked
package io.extauth.simulator.vip;

import org.jspecify.annotations.NullMarked;
