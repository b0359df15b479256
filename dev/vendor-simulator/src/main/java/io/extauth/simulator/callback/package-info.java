/** Signed JSON callbacks from the vendor to the service that placed a call, SMS or push. */
@NullMarked
package io.extauth.simulator.callback;

import org.jspecify.annotations.NullMarked;
