package io.extauth.notification;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.extauth.testsupport.ServiceArchitecture;

/** The rules of each feature are plain Java: adapters depend on them, never the other way round. */
@AnalyzeClasses(packages = "io.extauth.notification", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String ROOT = "io.extauth.notification";

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
    static final ArchRule contactsDoNotKnowAboutMail = noClasses().that()
            .resideInAPackage(ROOT + ".contact..")
            .should().dependOnClassesThat().resideInAPackage(ROOT + ".mail..");
}
