/** A reference portal: the help page's screens on extauth's public HTTP APIs, with no database or topic of its own. */
@NullMarked
package io.extauth.console;

import org.jspecify.annotations.NullMarked;
