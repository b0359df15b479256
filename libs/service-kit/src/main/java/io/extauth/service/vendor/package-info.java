/** Calling a vendor's HTTP API: the client observed only where its span could be recorded, JSON bodies as bytes. */
@NullMarked
package io.extauth.service.vendor;

import org.jspecify.annotations.NullMarked;
