/** What the HTTP adapters share: problem responses and account access. */
@NullMarked
package io.extauth.challenge.web.adapter;

import org.jspecify.annotations.NullMarked;
