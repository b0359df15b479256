package io.extauth.provisioning;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "io.extauth.provisioning", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String RULES = "io.extauth.provisioning.provisioning";

    @ArchTest
    static final ArchRule provisioningRulesArePlainJava = noClasses().that().resideInAPackage(RULES)
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.apache.kafka..",
                    "java.sql..", "javax.sql..", "jakarta..", "io.extauth.messaging..")
            .because("the rules are unit-tested in milliseconds; Spring, Kafka and JDBC stay in the adapters");

    @ArchTest
    static final ArchRule vendorsAreReachedOnlyThroughThePort = noClasses().that()
            .resideInAPackage("io.extauth.provisioning.provisioning..")
            .should().dependOnClassesThat().resideInAPackage("io.extauth.provisioning.vendor..")
            .because("provisioning knows the VendorGateway port, not the HTTP adapters behind it");
}
