package io.extauth.messaging;

import org.springframework.test.context.TestPropertySource;

/**
 * {@link DatabaseOutageIntegrationTest} with a transaction per record ({@code extauth.messaging.batch-consume=false}):
 * the error handler sees the database's own exceptions there, not {@code BatchedInbound}'s.
 */
@TestPropertySource(properties = "extauth.messaging.batch-consume=false")
class DatabaseOutageOneRecordAtATimeIntegrationTest extends DatabaseOutageIntegrationTest {
}
