/**
 * The one clock tests move: its own module, because both test-support and the vendor simulator's tests use it, and
 * test-support depends on the simulator (a clock inside test-support would be a cycle for the simulator's tests).
 */
@NullMarked
package io.extauth.testclock;

import org.jspecify.annotations.NullMarked;
