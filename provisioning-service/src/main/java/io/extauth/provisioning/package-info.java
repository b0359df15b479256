/** provisioning-service: provisions and deprovisions at the vendors. */
@NullMarked
package io.extauth.provisioning;

import org.jspecify.annotations.NullMarked;
