@NullMarked
package io.extauth.service.problem;

import org.jspecify.annotations.NullMarked;
