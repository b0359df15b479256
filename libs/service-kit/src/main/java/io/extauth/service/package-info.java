/** What every service shows the world, written once: bearer-token security, RFC 9457 problems, defaults. */
@NullMarked
package io.extauth.service;

import org.jspecify.annotations.NullMarked;
