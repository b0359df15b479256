/** What every vendor HTTP client shares: timeouts, bodies that cannot leak into logs. */
@NullMarked
package io.extauth.challenge.vendor;

import org.jspecify.annotations.NullMarked;
