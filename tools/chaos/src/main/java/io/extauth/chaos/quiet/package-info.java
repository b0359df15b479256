@NullMarked
package io.extauth.chaos.quiet;

import org.jspecify.annotations.NullMarked;
