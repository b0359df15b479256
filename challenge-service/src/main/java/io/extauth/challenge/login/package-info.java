/** Login challenges for portal and VPN: issued by the user's method, decided exactly once. */
@NullMarked
package io.extauth.challenge.login;

import org.jspecify.annotations.NullMarked;
