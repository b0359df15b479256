package io.extauth.service.settings;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

/**
 * Turns a refused setting into the startup report an operator reads first, ahead of Spring's generic "failed to bind"
 * analysis of the same failure.
 */
class InvalidSettingFailureAnalyzer extends AbstractFailureAnalyzer<InvalidSettingException> implements Ordered {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidSettingException cause) {
        String environment = cause.property().toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace("-", "");
        return new FailureAnalysis("The setting " + cause.getMessage(),
                "Set " + cause.property() + " (or the environment variable " + environment + ").", cause);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
