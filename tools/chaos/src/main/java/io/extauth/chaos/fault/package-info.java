@NullMarked
package io.extauth.chaos.fault;

import org.jspecify.annotations.NullMarked;
