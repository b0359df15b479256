/**
 * The audit's rules in plain Java: a user's history is replayed through the standard lifecycle and checked rule by
 * rule. No Kafka, no Spring here (ArchitectureTest keeps it so); the readers and the command are adapters around it.
 */
@NullMarked
package io.extauth.audit.rules;

import org.jspecify.annotations.NullMarked;
