package io.extauth.simulator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "io.extauth.simulator", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureUnitTest {

    @ArchTest
    static final ArchRule vipRulesAndTheCallbackSignatureArePlainJava = noClasses()
            .that().resideInAPackage("io.extauth.simulator.vip")
            .or().haveSimpleName("CallbackSignature")
            .or().haveSimpleName("PhoneNumbers")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta..");

    @ArchTest
    static final ArchRule telephonyRecordsArePlainJava = noClasses()
            .that().haveSimpleName("Call").or().haveSimpleName("Sms").or().haveSimpleName("Push")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta..");
}
