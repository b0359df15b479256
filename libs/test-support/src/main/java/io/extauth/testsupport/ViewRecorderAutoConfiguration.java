package io.extauth.testsupport;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * On a test classpath, every servlet service a test starts has its answers looked at by {@link ViewRecorder}. After
 * the kit's problem handling, so that its advice comes first among those of the same (last) order and the recorder
 * sees a problem with the type the kit gave it. The vendor simulator a test starts leaves it out with every other
 * {@code io.extauth} auto-configuration: its answers are the vendors', no view of ours.
 */
@AutoConfiguration(afterName = "io.extauth.service.problem.ProblemsAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(ResponseBodyAdvice.class)
public class ViewRecorderAutoConfiguration {

    @Bean
    ViewRecorder viewRecorder() {
        return new ViewRecorder();
    }
}
