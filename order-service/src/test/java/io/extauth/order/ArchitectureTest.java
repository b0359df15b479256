package io.extauth.order;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The rules of each feature are plain Java: adapters depend on them, never the other way round. */
@AnalyzeClasses(packages = "io.extauth.order", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String[] RULE_PACKAGES = {"io.extauth.order.intake", "io.extauth.order.pricing",
            "io.extauth.order.status"};

    @ArchTest
    static final ArchRule rulesKnowNoFrameworks = noClasses().that().resideInAnyPackage(RULE_PACKAGES)
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.apache.kafka..",
                    "java.sql..", "javax.sql..", "jakarta..", "com.fasterxml.jackson..", "tools.jackson..",
                    "io.extauth.messaging..", "io.extauth.service..", "io.github.springwolf..")
            .because("order validation, pricing and status rules are plain Java, unit-tested in milliseconds");

    @ArchTest
    static final ArchRule rulesKnowNoAdapters = noClasses().that().resideInAnyPackage(RULE_PACKAGES)
            .should().dependOnClassesThat().resideInAnyPackage("..adapter..");
}
