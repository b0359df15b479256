/** Another system's own words (a vendor's refusal, an SMTP server's reply) as a service keeps, stores and logs them. */
@NullMarked
package io.extauth.service.words;

import org.jspecify.annotations.NullMarked;
