/** What the HTTP adapters share: problem responses and account access. */
@NullMarked
package io.extauth.challenge.web;

import org.jspecify.annotations.NullMarked;
