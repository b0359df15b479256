/** Who is signed in to the console, and the dev-only sign-in that mints local tokens. */
@NullMarked
package io.extauth.console.signin;

import org.jspecify.annotations.NullMarked;
