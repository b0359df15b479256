/** The OpenAPI document every service serves: who it is, how callers authenticate, what its problems look like. */
@NullMarked
package io.extauth.service.apidocs;

import org.jspecify.annotations.NullMarked;
