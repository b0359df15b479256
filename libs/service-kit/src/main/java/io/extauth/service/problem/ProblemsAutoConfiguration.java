package io.extauth.service.problem;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Import;

/** Registers the shared problem handling in every service. */
@AutoConfiguration
@Import(ProblemsAdvice.class)
public class ProblemsAutoConfiguration {
}
