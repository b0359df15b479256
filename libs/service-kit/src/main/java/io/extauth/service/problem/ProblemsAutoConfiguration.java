package io.extauth.service.problem;

import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;

/**
 * Registers the shared problem handling in every service; the error page's, ahead of Spring Boot's (which backs
 * off when a service has an error controller); and on Tomcat the host's error report ({@link ProblemReportValve}).
 */
@AutoConfiguration(before = ErrorMvcAutoConfiguration.class)
@Import({ProblemsAdvice.class, TypedProblems.class})
public class ProblemsAutoConfiguration {

    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    ErrorPageProblems errorPageProblems() {
        return new ErrorPageProblems();
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass({ErrorReportValve.class, ConfigurableTomcatWebServerFactory.class})
    static class OnTomcat {

        /**
         * Runs after Spring Boot's own customizer, which puts a plain {@code ErrorReportValve} on the host, and puts
         * the problem report in its place.
         */
        @Bean
        ProblemReports problemReports() {
            return new ProblemReports();
        }
    }

    static final class ProblemReports implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory>,
            Ordered {

        @Override
        public void customize(ConfigurableTomcatWebServerFactory factory) {
            factory.addContextCustomizers(context -> {
                Pipeline host = context.getParent().getPipeline();
                for (Valve valve : host.getValves()) {
                    if (valve instanceof ErrorReportValve) {
                        host.removeValve(valve);
                    }
                }
                host.addValve(new ProblemReportValve());
                // else the host, finding no valve of its report class, would add Tomcat's own at start: in front of
                // this one's report, and with the full report Spring Boot's had switched off
                if (context.getParent() instanceof StandardHost standard) {
                    standard.setErrorReportValveClass(ProblemReportValve.class.getName());
                }
            });
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }
}
