@NullMarked
package io.extauth.chaos.drive;

import org.jspecify.annotations.NullMarked;
