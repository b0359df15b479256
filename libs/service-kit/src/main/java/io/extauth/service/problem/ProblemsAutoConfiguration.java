package io.extauth.service.problem;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Registers the shared problem handling in every service; the error page's, ahead of Spring Boot's (which backs
 * off when a service has an error controller).
 */
@AutoConfiguration(before = ErrorMvcAutoConfiguration.class)
@Import(ProblemsAdvice.class)
public class ProblemsAutoConfiguration {

    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    ErrorPageProblems errorPageProblems() {
        return new ErrorPageProblems();
    }
}
