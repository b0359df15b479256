/** Opt-in persistence of the simulator's stores in one JSON file, so a restarted simulator continues where it was. */
@NullMarked
package io.extauth.simulator.state;

import org.jspecify.annotations.NullMarked;
