/**
 * Bounded input, written once for every service: a request body limit that acts before anything reads the body,
 * Jackson read limits, and text PostgreSQL cannot store (NUL) refused as a problem naming the field.
 */
@NullMarked
package io.extauth.service.input;

import org.jspecify.annotations.NullMarked;
