package io.extauth.testsupport;

import static com.tngtech.archunit.core.domain.properties.CanBeAnnotated.Predicates.annotatedWith;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;

import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;

/**
 * The package rules every service keeps, in one shape: a feature package holds plain Java (rules, aggregates, events,
 * ports); Spring, Kafka, JDBC, HTTP and Springwolf live in its {@code adapter} package; controllers are adapters. The
 * application class at the service's root is the one exception. A service's {@code ArchitectureTest} declares these
 * rules for its root package and adds rules of its own.
 */
public final class ServiceArchitecture {

    /** What a rule may not touch: the frameworks, and the kits that wrap them. */
    private static final String[] FRAMEWORKS = {"org.springframework..", "org.apache.kafka..", "java.sql..",
            "javax.sql..", "jakarta..", "tools.jackson..", "io.extauth.messaging..", "io.extauth.service..",
            "io.github.springwolf..", "com.fasterxml.jackson.."};

    // by name: test-support does not need Spring's web or Boot's auto-configuration to name them
    private static final String APPLICATION = "org.springframework.boot.autoconfigure.SpringBootApplication";
    private static final String REST_CONTROLLER = "org.springframework.web.bind.annotation.RestController";
    private static final String CONTROLLER = "org.springframework.stereotype.Controller";
    private static final String STREAMING_ANSWERS = "org\\.springframework\\.web\\.servlet\\.mvc\\.method\\.annotation\\."
            + "(ResponseBodyEmitter|SseEmitter|StreamingResponseBody)";
    private static final String SECOND_DISPATCH_ANSWERS = "org\\.springframework\\.web\\.context\\.request\\.async\\."
            + "(DeferredResult|WebAsyncTask)";
    private static final String SECOND_DISPATCH_RETURNS = "java\\.util\\.concurrent\\.Callable"
            + "|reactor\\.core\\.publisher\\.(Mono|Flux)";

    private ServiceArchitecture() {
    }

    /** Outside {@code ..adapter..}, no class of the service depends on a framework. */
    public static ArchRule frameworksOnlyInAdapters(String rootPackage) {
        return noClasses().that().resideInAPackage(rootPackage + "..").and().resideOutsideOfPackage("..adapter..")
                .and().areNotAnnotatedWith(APPLICATION)
                .should().dependOnClassesThat().resideInAnyPackage(FRAMEWORKS)
                .because("the rules are plain Java, unit-tested in milliseconds; frameworks stay in the adapters");
    }

    /** Outside {@code ..adapter..}, no class of the service depends on an adapter: adapters call rules, not back. */
    public static ArchRule rulesKnowNoAdapters(String rootPackage) {
        return noClasses().that().resideInAPackage(rootPackage + "..").and().resideOutsideOfPackage("..adapter..")
                .and().areNotAnnotatedWith(APPLICATION)
                .should().dependOnClassesThat().resideInAPackage("..adapter..")
                .because("adapters depend on the rules, never the other way round");
    }

    /**
     * No answer streams: the service kit sends every answer whole when its request ends ({@code WholeAnswerFilter}
     * defers a flush before the end), so an emitter's or a streaming body's flushes would be held back until the
     * container's buffer filled. A service that needs to stream must first be exempted from that filter.
     */
    public static ArchRule answersAreWhole(String rootPackage) {
        return noClasses().that().resideInAPackage(rootPackage + "..")
                .should().dependOnClassesThat().haveNameMatching(STREAMING_ANSWERS)
                .because("the service kit sends answers whole; a streamed answer would wait for the buffer to fill");
    }

    /**
     * An answer that comes later is a {@code CompletionStage}: the service kit writes its value on the thread that
     * completes it, without a second dispatch ({@code CompletedAnswers}); a {@code DeferredResult}, a
     * {@code WebAsyncTask}, a {@code Callable} or a Reactor {@code Mono} or {@code Flux} returned by a controller would
     * be answered by Spring MVC on a second dispatch.
     */
    public static ArchRule laterAnswersAreStages(String rootPackage) {
        return CompositeArchRule.of(noClasses().that().resideInAPackage(rootPackage + "..")
                .should().dependOnClassesThat().haveNameMatching(SECOND_DISPATCH_ANSWERS))
                .and(noMethods().that().areDeclaredInClassesThat().resideInAPackage(rootPackage + "..")
                        .and().areDeclaredInClassesThat(annotatedWith(REST_CONTROLLER).or(annotatedWith(CONTROLLER)))
                        .should().haveRawReturnType(nameMatching(SECOND_DISPATCH_RETURNS)))
                .because("a CompletionStage's value is written by the thread that completes it; the others take a "
                        + "second dispatch");
    }

    /** Controllers are web adapters: they live in {@code ..adapter..}. */
    public static ArchRule controllersAreAdapters(String rootPackage) {
        return classes().that().resideInAPackage(rootPackage + "..")
                .and(annotatedWith(REST_CONTROLLER).or(annotatedWith(CONTROLLER)))
                .should().resideInAPackage("..adapter..")
                .because("a controller is where HTTP meets the rules; it is an adapter like a listener or a repository");
    }
}
