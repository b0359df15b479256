/** notification-service: e-mail over SMTP for provisioning, activation and lockouts. */
@NullMarked
package io.extauth.notification;

import org.jspecify.annotations.NullMarked;
