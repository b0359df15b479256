package io.extauth.simulator.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.web.ErrorResponseException;

class FaultInjectorUnitTest {

    @Test
    void withoutFaultsEveryRequestPasses() {
        FaultInjector injector = new FaultInjector(() -> 0.0);

        assertThatCode(injector::apply).doesNotThrowAnyException();
    }

    @Test
    void anOutageAnswersEveryRequestWith503() {
        FaultInjector injector = new FaultInjector(() -> 0.99);
        injector.set(new Faults(0, 0, true));

        assertThatThrownBy(injector::apply).isInstanceOfSatisfying(ErrorResponseException.class,
                problem -> assertThat(problem.getStatusCode().value()).isEqualTo(503));
    }

    @Test
    void theErrorRateFailsTheRequestsWhoseDrawFallsBelowIt() {
        FaultInjector unlucky = new FaultInjector(() -> 0.29);
        FaultInjector lucky = new FaultInjector(() -> 0.30);
        unlucky.set(new Faults(0.3, 0, false));
        lucky.set(new Faults(0.3, 0, false));

        assertThatThrownBy(unlucky::apply).isInstanceOfSatisfying(ErrorResponseException.class,
                problem -> assertThat(problem.getStatusCode().value()).isEqualTo(500));
        assertThatCode(lucky::apply).doesNotThrowAnyException();
    }

    @Test
    void resettingSwitchesFaultsOff() {
        FaultInjector injector = new FaultInjector(() -> 0.0);
        injector.set(new Faults(1, 0, true));

        injector.clear();

        assertThatCode(injector::apply).doesNotThrowAnyException();
    }
}
