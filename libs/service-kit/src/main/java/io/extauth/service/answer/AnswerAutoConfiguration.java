package io.extauth.service.answer;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

/**
 * Every service's answers sent whole ({@link WholeAnswerFilter}), and an asynchronous answer written by the thread
 * that completes it ({@link CompletedAnswers}).
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class AnswerAutoConfiguration {

    @Bean
    FilterRegistrationBean<WholeAnswerFilter> wholeAnswerFilter() {
        FilterRegistrationBean<WholeAnswerFilter> registration = new FilterRegistrationBean<>(new WholeAnswerFilter());
        // outside Spring Security's chain (-100) and MVC, which flush; after the body limit, which answers alone
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        registration.addUrlPatterns("/*");
        return registration;
    }

    @Bean
    static BeanPostProcessor completedAnswersFirst() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof RequestMappingHandlerAdapter adapter) {
                    CompletedAnswers.putFirst(adapter);
                }
                return bean;
            }
        };
    }
}
