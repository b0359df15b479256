/** The per-user factor record and its lifecycle, persisted; the order and provisioning listeners. */
@NullMarked
package io.extauth.challenge.factor;

import org.jspecify.annotations.NullMarked;
