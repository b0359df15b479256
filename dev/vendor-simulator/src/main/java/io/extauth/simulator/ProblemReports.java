package io.extauth.simulator;

import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * Puts {@link ProblemReportValve} on Tomcat's host in place of the plain {@code ErrorReportValve} that Spring Boot's
 * own customizer puts there; ordered last, so it runs after that one.
 */
@Component
class ProblemReports implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory>, Ordered {

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
            // else the host, finding no valve of its report class, would add Tomcat's own at start, in front of this
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
