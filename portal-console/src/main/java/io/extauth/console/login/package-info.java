/** The login demo: a portal or VPN challenge, decided live, down to the lockout message. */
@NullMarked
package io.extauth.console.login;

import org.jspecify.annotations.NullMarked;
