package io.extauth.service;

import io.extauth.service.database.ChannelSocketFactory;
import io.extauth.service.settings.InvalidSettingException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The settings every service shares, as lowest-priority defaults: problem details, health probes and Prometheus,
 * Tomcat's own body limits, how long the database may stay silent. No secret and no key location: a service without them refuses to start (see
 * {@code RequiredSettingsAutoConfiguration}).
 */
public class ServiceDefaults implements EnvironmentPostProcessor {

    /** Boot 4's setting for where spans go; without it no span exporter exists. */
    static final String OTLP_TRACING_ENDPOINT = "management.opentelemetry.tracing.export.otlp.endpoint";
    /** Whether the driver's sockets are {@link ChannelSocketFactory}'s (the default) or its own. */
    static final String CHANNEL_SOCKETS = "extauth.database.channel-sockets";
    /** How long a service waits for an answer from PostgreSQL before it gives the connection up; 0: for ever. */
    static final String SOCKET_TIMEOUT = "extauth.database.socket-timeout";
    static final Duration DEFAULT_SOCKET_TIMEOUT = Duration.ofSeconds(60);

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("spring.mvc.problemdetails.enabled", "true");
        // the security filter chain runs on a request as it comes (and on its error page), not again on the second,
        // asynchronous dispatch that writes the answer of a request already let through (a failure's problem; a
        // value is written with no second dispatch, CompletedAnswers): that dispatch is the container's own, after
        // the first passed the chain, and the first wrote the security headers (issue 14: the chain run again was
        // 1.9% of challenge-service's request threads). CallerRules lets that dispatch through.
        defaults.put("spring.security.filter.dispatcher-types", "request,error,forward,include");
        defaults.put("management.endpoints.web.exposure.include", "health,info,prometheus,metrics");
        // no index page at /actuator: it built each link from the request's Host, which the caller writes, and a
        // cache that keys without Host could hand such links to another reader; the endpoints are in the README
        defaults.put("management.endpoints.web.discovery.enabled", "false");
        defaults.put("management.endpoint.health.probes.enabled", "true");
        defaults.put("management.endpoint.health.show-details", "when-authorized");
        // health itself stays open for probes; what the database, broker and mail server answered is for operators
        defaults.put("management.endpoint.health.roles", "OPERATOR");
        // ready means able to work: the database and the broker answer (kafka: io.extauth.service.health); an
        // application without them on this classpath (the vendor simulator) simply has fewer members. The clock's
        // skew (clockSkew) and the listener containers (listeners) are health, not readiness: a database host whose
        // clock stepped, or a consumer group's ACL missing for a minute, would take every instance out of rotation at
        // once, though requests (a login, an order) need neither
        defaults.put("management.endpoint.health.group.readiness.include", "readinessState,db,kafka");
        defaults.put("management.endpoint.health.validate-group-membership", "false");
        // traces: the W3C traceparent travels on HTTP and Kafka always (ids cost nothing); spans are recorded only
        // when they can leave, to the OTLP endpoint, and then all of them, so one order or one login is a whole trace
        boolean exporting = environment.containsProperty(OTLP_TRACING_ENDPOINT);
        defaults.put("management.tracing.sampling.probability", exporting ? "1.0" : "0.0");
        if (!exporting) {
            // no exemplars either: they name a recorded span, and none is recorded or sent anywhere. Kept, every meter's
            // Prometheus exemplar sampler still looked for a span at most every 90 ms under load and scheduled a task to
            // look again, on a scheduler thread of its own: ~0.06 ms of extauth's own CPU per workflow for nothing
            // (issue 14). With an OTLP endpoint Boot's default stands: exemplars of the traces it records
            defaults.put("management.tracing.exemplars.include", "none");
        }
        // no observation around each @Scheduled tick (the timers and polls run every 0.2-1 s in every instance):
        // half of the scheduling threads' CPU went to timing ticks that no dashboard or alert reads; an operator who
        // wants tasks_scheduled_execution_seconds sets this to true
        defaults.put("management.observations.enable.tasks.scheduled.execution", "false");
        // no proxy around every @Repository call: the services' repositories use JdbcTemplate, which translates
        // SQLExceptions itself, and no other PersistenceExceptionTranslator exists (no JPA); the proxy's interceptor
        // ran on every statement of the event path and translated nothing
        defaults.put("spring.persistence.exceptiontranslation.enabled", "false");
        // text parameters sent untyped, as the driver sends a null: a statement whose text parameter is null in one
        // call and a string in the next (a PhoneFactor order has no credential id, a Symantec one has) otherwise
        // changes parameter types each time, and the driver prepares it again on the server, so PostgreSQL parses and
        // plans it on every call and never keeps a plan (issue 14: planning was ~23% of PostgreSQL's CPU per order);
        // PostgreSQL takes the type from the column or the cast, as it does for the nulls
        defaults.put("spring.datasource.hikari.data-source-properties.stringtype", "unspecified");
        // a read from PostgreSQL that brings nothing for extauth.database.socket-timeout (60 s) fails, and the
        // connection with it: a server host that died or failed over without closing its sockets held the thread
        // that waited for its answer for ever (an instance's one outbox relay thread, its listener, which the group
        // then dropped). The relay tries its round again, a listener its record, a request is answered 503. Longer
        // than any statement of the services, whose longest waits are for a lock that PostgreSQL frees within a
        // minute of its holder going silent (the local stack's PostgresSessionBounds); a migration that runs longer
        // (an index on a large table, which the migrations ask to be built beforehand) fails the start: raise it for
        // that start. TCP keepalives on the services' side too, on the host's timings
        defaults.put("spring.datasource.hikari.data-source-properties.socketTimeout",
                Long.toString(socketTimeoutSeconds(environment)));
        defaults.put("spring.datasource.hikari.data-source-properties.tcpKeepAlive", "true");
        // PostgreSQL's answers read by one blocking read each, not read, poll and read again (ChannelSocketFactory:
        // ~10% of a thread's CPU per transaction, issue 14); extauth.database.channel-sockets=false leaves the driver
        // its default, the JDK's own sockets
        if (environment.getProperty(CHANNEL_SOCKETS, Boolean.class, true)) {
            defaults.put("spring.datasource.hikari.data-source-properties.socketFactory",
                    ChannelSocketFactory.class.getName());
        }
        // no logback_events counter: it is a turbo filter that every logger check of every thread runs (2.4% of the
        // listener threads' samples, issue 14; four of them in the local stack's shared JVM), and no dashboard panel,
        // alert or operator guide reads it; an operator who wants it sets spring.autoconfigure.exclude to empty, and
        // whatever sets its own exclude list replaces this one, so it repeats this entry (test-support's simulator)
        defaults.put("spring.autoconfigure.exclude",
                "org.springframework.boot.micrometer.metrics.autoconfigure.logging.logback.LogbackMetricsAutoConfiguration");
        // per request, no ServletRequestHandledEvent (built with the caller's name and multicast to every listener of
        // the context, none of which wants it); and no observation keeps a long-task timer of those in progress
        // beside its timer (for http.server.requests, the "active requests" one; no other observation is on that
        // would have one): nothing listens to the event or reads those timers; an operator who wants them back sets
        // true / an empty list
        defaults.put("spring.mvc.publish-request-handled-events", "false");
        defaults.put("management.metrics.observations.ignored-meters", "long-task-timer");
        defaults.put("springdoc.swagger-ui.path", "/swagger-ui.html");
        // one API document, whatever the caller's Accept-Language: springdoc builds and keeps one per locale asked
        // for (100 at most), under one lock, so a caller without a token sending a new language each time had the whole
        // document built again per request, the other document requests waiting behind it
        defaults.put("springdoc.allowed-locales", "en");
        // the API document is the API's: Springwolf's own pages (the AsyncAPI document and its UI's settings) are
        // served beside it, not part of it
        defaults.put("springdoc.paths-to-exclude", "/springwolf/**");
        // every answer is JSON (errors application/problem+json): said so, not "*/*", for a client generator
        defaults.put("springdoc.default-produces-media-type", "application/json");
        // OpenAPI schemas named by their classes' full names (docs/api holds them so). Both springdoc and Springwolf
        // name schemas through swagger-core's one JVM-wide TypeNameResolver, and Springwolf's scan leaves it on full
        // names (springwolf.use-fqn); springdoc's names used to follow only because that scan ran at every start.
        // With the AsyncAPI document built on its first request (AsyncApiOnFirstRequestAutoConfiguration) springdoc
        // sets it itself, so the OpenAPI document no longer depends on which document is asked for first
        defaults.put("springdoc.use-fqn", "true");
        // HTTP bodies with Jackson 3 as Boot 4 brings it, on the wire as they were with Jackson 2: no nulls, dates
        // as ISO strings (Jackson 3's default), properties in declaration order, enums by name, unknown fields
        // tolerated (Jackson 3's default), null for a primitive read as its default, trailing content ignored
        defaults.put("spring.jackson.default-property-inclusion", "non_null");
        defaults.put("spring.jackson.datatype.datetime.write-dates-as-timestamps", "false");
        defaults.put("spring.jackson.mapper.sort-properties-alphabetically", "false");
        defaults.put("spring.jackson.datatype.enum.write-enums-using-to-string", "false");
        defaults.put("spring.jackson.datatype.enum.read-enums-using-to-string", "false");
        defaults.put("spring.jackson.deserialization.fail-on-unknown-properties", "false");
        defaults.put("spring.jackson.deserialization.fail-on-null-for-primitives", "false");
        defaults.put("spring.jackson.deserialization.fail-on-trailing-tokens", "false");
        // Tomcat reads form posts and swallows unread bodies itself, past the service kit's body limit filter
        defaults.put("server.tomcat.max-http-form-post-size", "${extauth.http.max-body-size:64KB}");
        defaults.put("server.tomcat.max-swallow-size", "${extauth.http.max-body-size:64KB}");
        // A read that brings nothing, of a request's line, headers or body, ends at the late bodies' deadline (Tomcat's
        // own 60 s let a caller hold a request thread a minute per byte: BodyLimitFilter); a kept-alive connection
        // between requests still waits the 60 s it always did
        defaults.put("server.tomcat.connection-timeout", "${extauth.http.late-body-deadline:5s}");
        defaults.put("server.tomcat.keep-alive-timeout", "60s");
        defaults.put("spring.servlet.multipart.enabled", "false");
        defaults.put("extauth.api.title", "extauth ${spring.application.name}");
        defaults.put("springwolf.docket.info.title", "${extauth.api.title}");
        defaults.put("springwolf.docket.info.version", "${extauth.api.version:1.0.0}");
        defaults.put("springwolf.docket.info.description", "${extauth.api.description:}");
        defaults.put("springwolf.docket.servers.kafka-server.protocol", "kafka");
        defaults.put("springwolf.docket.servers.kafka-server.host", "${spring.kafka.bootstrap-servers}");
        environment.getPropertySources().addLast(new MapPropertySource("extauth-service-defaults", defaults));
    }

    /** The driver's {@code socketTimeout}, whole seconds (rounded up), from {@value #SOCKET_TIMEOUT}. */
    static long socketTimeoutSeconds(ConfigurableEnvironment environment) {
        String value = environment.getProperty(SOCKET_TIMEOUT);
        Duration timeout;
        try {
            timeout = value == null || value.isBlank() ? DEFAULT_SOCKET_TIMEOUT
                    : DurationStyle.detectAndParse(value.strip(), ChronoUnit.SECONDS);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(SOCKET_TIMEOUT, "is not a duration: '" + value + "'. Give one such as "
                    + "60s or 5m (0: no bound)");
        }
        if (timeout.isNegative()) {
            throw new InvalidSettingException(SOCKET_TIMEOUT, "is negative: '" + value + "'. Give one such as 60s "
                    + "or 5m (0: no bound)");
        }
        return timeout.plusNanos(999_999_999).getSeconds();
    }
}
