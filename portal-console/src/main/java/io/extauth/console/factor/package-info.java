/** Setting a factor up: PhoneFactor settings (phones, method, PIN, status) and Symantec activation. */
@NullMarked
package io.extauth.console.factor;

import org.jspecify.annotations.NullMarked;
