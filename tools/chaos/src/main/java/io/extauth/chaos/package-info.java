@NullMarked
package io.extauth.chaos;

import org.jspecify.annotations.NullMarked;
