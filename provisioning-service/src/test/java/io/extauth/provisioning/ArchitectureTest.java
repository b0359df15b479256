package io.extauth.provisioning;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.extauth.testsupport.ServiceArchitecture;

/** The rules of provisioning are plain Java: adapters depend on them, never the other way round. */
@AnalyzeClasses(packages = "io.extauth.provisioning", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String ROOT = "io.extauth.provisioning";

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
    static final ArchRule vendorsAreReachedOnlyThroughThePort = noClasses().that().resideInAPackage(ROOT + "..")
            .and().resideOutsideOfPackage(ROOT + ".adapter.vendor..")
            .should().dependOnClassesThat().resideInAPackage(ROOT + ".adapter.vendor..")
            .because("provisioning knows the VendorGateway port, not the HTTP adapters behind it");
}
