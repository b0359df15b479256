/** The thin Spring adapters of provisioning: Kafka listener, outbox publisher, JDBC repository, HTTP read model. */
@NullMarked
package io.extauth.provisioning.adapter;

import org.jspecify.annotations.NullMarked;
