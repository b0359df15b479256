package io.extauth.challenge;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The rules (strikes, phone numbers, settings, answers, signatures) and the {@code UserFactor} aggregate are plain Java:
 * no Spring, JDBC or Kafka. As in the other services, each feature package holds them and its {@code adapter}
 * subpackage the controllers, listeners, repositories, timers and gateways that depend on them, never the other way.
 */
@AnalyzeClasses(packages = "io.extauth.challenge", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String ROOT = "io.extauth.challenge";
    private static final String APPLICATION = "org.springframework.boot.autoconfigure.SpringBootApplication";

    @ArchTest
    static final ArchRule frameworksOnlyInAdapters = noClasses().that().resideInAPackage(ROOT + "..")
            .and().resideOutsideOfPackage("..adapter..").and().areNotAnnotatedWith(APPLICATION)
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.apache.kafka..",
                    "java.sql..", "javax.sql..", "jakarta..", "com.fasterxml.jackson..", "tools.jackson..",
                    "io.extauth.messaging..", "io.extauth.service..", "io.github.springwolf..")
            .because("the lifecycle, strikes, activation guard and answer checks are plain Java, unit-tested in "
                    + "milliseconds; frameworks stay in the adapters");

    @ArchTest
    static final ArchRule rulesKnowNoAdapters = noClasses().that().resideInAPackage(ROOT + "..")
            .and().resideOutsideOfPackage("..adapter..").and().areNotAnnotatedWith(APPLICATION)
            .should().dependOnClassesThat().resideInAPackage("..adapter..")
            .because("adapters depend on the rules, never the other way round");

    @ArchTest
    static final ArchRule controllersAreAdapters = classes().that().resideInAPackage(ROOT + "..")
            .and().areAnnotatedWith("org.springframework.web.bind.annotation.RestController")
            .should().resideInAPackage("..adapter..");

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
