@NullMarked
package io.extauth.service.tracing;

import org.jspecify.annotations.NullMarked;
