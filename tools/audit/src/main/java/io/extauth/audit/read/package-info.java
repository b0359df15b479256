/** The Kafka side of the audit: reads the contract's topics read-only, without a consumer group, into events. */
@NullMarked
package io.extauth.audit.read;

import org.jspecify.annotations.NullMarked;
