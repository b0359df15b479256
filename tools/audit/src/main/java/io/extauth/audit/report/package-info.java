/** The audit's report, for people (text) and machines (JSON). */
@NullMarked
package io.extauth.audit.report;

import org.jspecify.annotations.NullMarked;
