package io.extauth.notification;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "io.extauth.notification", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule mailAndContactRulesArePlainJava = noClasses().that()
            .resideInAnyPackage("io.extauth.notification.mail", "io.extauth.notification.contact")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.apache.kafka..",
                    "java.sql..", "javax.sql..", "jakarta..", "io.extauth.messaging..")
            .because("which e-mail an event calls for is unit-tested in milliseconds; SMTP, Kafka and JDBC stay in"
                    + " the adapters");

    @ArchTest
    static final ArchRule contactsDoNotKnowAboutMail = noClasses().that()
            .resideInAPackage("io.extauth.notification.contact..")
            .should().dependOnClassesThat().resideInAPackage("io.extauth.notification.mail..");
}
