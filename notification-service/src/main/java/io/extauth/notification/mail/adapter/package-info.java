/** Mail adapters: listeners, SMTP through JavaMailSender, the {@code sent_email} table, the EmailSent publisher. */
@NullMarked
package io.extauth.notification.mail.adapter;

import org.jspecify.annotations.NullMarked;
