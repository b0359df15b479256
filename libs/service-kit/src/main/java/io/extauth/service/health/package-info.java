/** What readiness looks at besides the application itself: the broker (and Boot's own database check). */
@NullMarked
package io.extauth.service.health;

import org.jspecify.annotations.NullMarked;
