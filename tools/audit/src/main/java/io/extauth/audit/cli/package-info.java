/** What the command lines of {@code ./extauth} share. */
@NullMarked
package io.extauth.audit.cli;

import org.jspecify.annotations.NullMarked;
