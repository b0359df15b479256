/** The account's users with their two-factor state at a glance, their orders and e-mails, and the admin's actions. */
@NullMarked
package io.extauth.console.users;

import org.jspecify.annotations.NullMarked;
