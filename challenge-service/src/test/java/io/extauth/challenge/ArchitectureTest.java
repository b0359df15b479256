package io.extauth.challenge;

import static com.tngtech.archunit.core.domain.properties.CanBeAnnotated.Predicates.annotatedWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.properties.HasName;
import com.tngtech.archunit.core.domain.properties.HasOwner;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.extauth.testsupport.ServiceArchitecture;

/**
 * The rules (strikes, phone numbers, settings, answers, signatures) and the {@code UserFactor} aggregate are plain Java:
 * no Spring, JDBC or Kafka. As in the other services, each feature package holds them and its {@code adapter}
 * subpackage the controllers, listeners, repositories, timers and gateways that depend on them, never the other way.
 */
@AnalyzeClasses(packages = "io.extauth.challenge", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String ROOT = "io.extauth.challenge";

    @ArchTest
    static final ArchRule frameworksOnlyInAdapters = ServiceArchitecture.frameworksOnlyInAdapters(ROOT);

    @ArchTest
    static final ArchRule rulesKnowNoAdapters = ServiceArchitecture.rulesKnowNoAdapters(ROOT);

    @ArchTest
    static final ArchRule controllersAreAdapters = ServiceArchitecture.controllersAreAdapters(ROOT);

    @ArchTest
    static final ArchRule answersAreWhole = ServiceArchitecture.answersAreWhole(ROOT);

    @ArchTest
    static final ArchRule laterAnswersAreStages = ServiceArchitecture.laterAnswersAreStages(ROOT);

    @ArchTest
    static final ArchRule problemsOnlyAtTheWebEdge = noClasses().that().resideInAPackage(ROOT + "..")
            .and().resideOutsideOfPackage("..web..")
            .and().areNotAnnotatedWith("org.springframework.web.bind.annotation.RestController")
            .should().dependOnClassesThat().haveFullyQualifiedName(ROOT + ".web.adapter.Problems")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("org.springframework.http.ProblemDetail")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("org.springframework.web.ErrorResponseException")
            .because("features refuse in their own words (ActivationRefusal, ChallengeRefusal, TooManyContacts, "
                    + "FactorRefusal, VendorUnavailableException); only the web edge turns a refusal into a problem");

    @ArchTest
    static final ArchRule accountScopeIsDeclared = noClasses().that().resideInAPackage(ROOT + "..")
            .and().resideOutsideOfPackage("..web..")
            .should().callMethodWhere(JavaCall.Predicates.target(HasOwner.Predicates.With.owner(
                    HasName.Predicates.name("io.extauth.service.security.AccountAccess")))
                    .and(JavaCall.Predicates.target(HasName.Predicates.nameMatching(
                            "requireAccount|requireVisibleAccount"))))
            .because("a request about an account declares it (@ScopedAccount, or @Callers(accountInBody = true) "
                    + "on its handler): a forgotten hand call would be a cross-account hole");

    @ArchTest
    static final ArchRule topicsAreDocumentedByThinPublishers = methods()
            .that().areDeclaredInClassesThat().resideInAPackage(ROOT + "..")
            .and(annotatedWith("io.github.springwolf.core.asyncapi.annotations.AsyncPublisher")
                    .or(annotatedWith("io.github.springwolf.core.asyncapi.annotations.AsyncPublishers")))
            .should().beDeclaredInClassesThat().haveSimpleNameEndingWith("Events")
            .because("as in the other services, a <Feature>Events publisher passes each event to the outbox and "
                    + "carries its AsyncAPI documentation; business methods carry none");

    @ArchTest
    static final ArchRule rulesArePlainJava = classes()
            .that().haveNameMatching("io\\.extauth\\.challenge\\..*Rules(\\$.*)?")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "javax.crypto..",
                    "io.extauth.challenge..", "io.extauth.contract..", "io.extauth.lifecycle..",
                    "com.google.i18n.phonenumbers..", "org.jspecify..")
            .andShould().onlyDependOnClassesThat().haveNameNotMatching("io\\.extauth\\.challenge\\..*(Controller|"
                    + "Repository|Listener|Gateway|Timer|Decisions|Issuer|Answers|Activation|Factors|Codes)")
            .because("rules are unit-tested in milliseconds and must not need a container, a database or a broker");

    @ArchTest
    static final ArchRule thereAreRules = classes()
            .that().haveNameMatching("io\\.extauth\\.challenge\\..*Rules")
            .should().haveOnlyFinalFields()
            .allowEmptyShould(false);
}
