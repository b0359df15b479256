package io.extauth.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

class ServiceArchitectureUnitTest {

    private static final String SHOP = "io.extauth.testsupport.fixture.shop";
    private static final String CLEAN = "io.extauth.testsupport.fixture.clean";
    private final JavaClasses classes = new ClassFileImporter().importPackages("io.extauth.testsupport.fixture");

    @Test
    void aRuleThatUsesSpringOutsideTheAdapterPackageIsRefused() {
        var result = ServiceArchitecture.frameworksOnlyInAdapters(SHOP).evaluate(classes);

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails()).anyMatch(line -> line.contains("PriceRule"));
    }

    @Test
    void aControllerOutsideTheAdapterPackageIsRefused() {
        var result = ServiceArchitecture.controllersAreAdapters(SHOP).evaluate(classes);

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails()).anyMatch(line -> line.contains("ShopController"));
    }

    @Test
    void plainRulesWithTheirControllerInTheAdapterPackagePassEveryRule() {
        assertThat(ServiceArchitecture.frameworksOnlyInAdapters(CLEAN).evaluate(classes).hasViolation()).isFalse();
        assertThat(ServiceArchitecture.rulesKnowNoAdapters(CLEAN).evaluate(classes).hasViolation()).isFalse();
        assertThat(ServiceArchitecture.controllersAreAdapters(CLEAN).evaluate(classes).hasViolation()).isFalse();
    }
}
