package io.extauth.service.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.web.servlet.mvc.ParameterizableViewController;

class CallerRuleUnitTest {

    @Test
    void aHandlerOfALibraryThePathRulesWereNotWrittenForIsClosedToEveryToken() throws Exception {
        // a controller a new dependency brought in was open to any valid token, a BILLING one or one without roles
        CallerRule foreign = CallerRule.of(java.util.UUID.class.getMethod("toString"), java.util.UUID.class);

        assertThat(foreign.checked()).isTrue();
        assertThat(foreign.roles()).isEmpty();
    }

    @Test
    void aHandlerOfSpringBootsOwnIsLeftToTheFilterChainsPathRulesOneOfAnotherSpringProjectIsNot() throws Exception {
        CallerRule boot = CallerRule.of(SpringApplication.class.getMethod("getMainApplicationClass"),
                SpringApplication.class);
        CallerRule otherSpring = CallerRule.of(ParameterizableViewController.class.getMethod("getViewName"),
                ParameterizableViewController.class);

        assertThat(boot).isSameAs(CallerRule.FILTER_CHAIN);
        assertThat(boot.checked()).isFalse();
        assertThat(otherSpring.checked()).as("not a library the path rules were written for").isTrue();
        assertThat(otherSpring.roles()).isEmpty();
    }
}
