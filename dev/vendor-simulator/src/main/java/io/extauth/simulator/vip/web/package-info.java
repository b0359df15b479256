/** The Symantec VIP stand-in over HTTP: read a token's current code, validate a code. */
@NullMarked
package io.extauth.simulator.vip.web;

import org.jspecify.annotations.NullMarked;
