@NullMarked
package io.extauth.chaos.check;

import org.jspecify.annotations.NullMarked;
