/**
 * The per-user lifecycle of external authentication, {@code NONE → ORDERED → PROVISIONED → ACTIVE ⇄ LOCKED} and
 * {@code DEACTIVATED}, behind the small {@link io.extauth.lifecycle.UserLifecycle} interface. Services and the audit
 * tool use this module alone; only {@link io.extauth.lifecycle.StatemachineUserLifecycle} knows the engine.
 */
@NullMarked
package io.extauth.lifecycle;

import org.jspecify.annotations.NullMarked;
