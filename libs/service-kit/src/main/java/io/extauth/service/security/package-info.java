@NullMarked
package io.extauth.service.security;

import org.jspecify.annotations.NullMarked;
