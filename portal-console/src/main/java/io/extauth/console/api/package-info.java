/** extauth's public HTTP APIs as the console calls them: one port, its HTTP adapter, and the problems they answer. */
@NullMarked
package io.extauth.console.api;

import org.jspecify.annotations.NullMarked;
