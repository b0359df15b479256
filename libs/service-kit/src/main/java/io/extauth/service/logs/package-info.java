/** Log lines a caller can cause, kept to a few however often it causes them. */
@NullMarked
package io.extauth.service.logs;

import org.jspecify.annotations.NullMarked;
