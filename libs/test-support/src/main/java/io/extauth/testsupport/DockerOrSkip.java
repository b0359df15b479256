package io.extauth.testsupport;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * Skips a containers test where there is no Docker engine, with one line in the log instead of Testcontainers'
 * report of every strategy it tried (its {@code org.testcontainers.dockerclient} logger is off in
 * {@code logback-test.xml}).
 */
final class DockerOrSkip implements ExecutionCondition {

    private static final Logger log = LoggerFactory.getLogger(DockerOrSkip.class);

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (DockerClientFactory.instance().isDockerAvailable()) {
            return ConditionEvaluationResult.enabled("a Docker engine is available");
        }
        String reason = "no Docker engine: " + context.getDisplayName() + " skipped (it runs Kafka and PostgreSQL in"
                + " containers)";
        if (context.getTestMethod().isEmpty()) {
            log.warn(reason);
        }
        return ConditionEvaluationResult.disabled(reason);
    }
}
