package io.extauth.challenge;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The rules (strikes, phone numbers, settings, answers, signatures) are plain Java: no Spring, JDBC or Kafka. */
@AnalyzeClasses(packages = "io.extauth.challenge", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

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
