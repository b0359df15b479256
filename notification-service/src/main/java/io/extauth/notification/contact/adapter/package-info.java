/** Contact adapters: the {@code auth.ordered} listener and the {@code contact} table. */
@NullMarked
package io.extauth.notification.contact.adapter;

import org.jspecify.annotations.NullMarked;
