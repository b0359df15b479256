/** Which e-mail an event calls for, written from templates, in plain Java. */
@NullMarked
package io.extauth.notification.mail;

import org.jspecify.annotations.NullMarked;
