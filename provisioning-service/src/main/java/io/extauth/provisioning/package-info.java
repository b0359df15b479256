/**
 * provisioning-service: provisions and deprovisions at the vendors. The rules in plain Java (what to ask the vendor
 * for an order, and what its answer means) are in this package; Spring, Kafka, JDBC and the vendors' HTTP in
 * {@code adapter}.
 */
@NullMarked
package io.extauth.provisioning;

import org.jspecify.annotations.NullMarked;
