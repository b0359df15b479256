/**
 * How every service's answers leave it: whole, with their length, in one write when the request ends; an answer that
 * comes later written by the thread that completes it, once the request's first dispatch has left the filters.
 */
@NullMarked
package io.extauth.service.answer;

import org.jspecify.annotations.NullMarked;
