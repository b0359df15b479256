@NullMarked
package io.extauth.chaos.report;

import org.jspecify.annotations.NullMarked;
