/** Development only: the whole extauth system on one machine, in one JVM, with only Java installed. */
@NullMarked
package io.extauth.localstack;

import org.jspecify.annotations.NullMarked;
