/**
 * How every service's answers leave it: whole, with their length, in one write when the request ends.
 */
@NullMarked
package io.extauth.service.answer;

import org.jspecify.annotations.NullMarked;
