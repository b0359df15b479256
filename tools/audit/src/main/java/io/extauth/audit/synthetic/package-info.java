/** Clean synthetic histories written to a broker, to measure how fast the audit reads; never used by an audit. */
@NullMarked
package io.extauth.audit.synthetic;

import org.jspecify.annotations.NullMarked;
