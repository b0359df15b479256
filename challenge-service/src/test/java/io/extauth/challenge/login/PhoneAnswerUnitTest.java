package io.extauth.challenge.login;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.challenge.login.PhoneAnswer.Kind;
import io.extauth.challenge.login.PhoneAnswer.Status;
import org.junit.jupiter.api.Test;

class PhoneAnswerUnitTest {

    @Test
    void theCallbacksKindAndStatusAreReadByTheirExactNames() {
        assertThat(Kind.of("CALL")).isEqualTo(Kind.CALL);
        assertThat(Kind.of("PUSH")).isEqualTo(Kind.PUSH);
        assertThat(Status.of("ANSWERED")).isEqualTo(Status.ANSWERED);
        assertThat(Status.of("DENIED")).isEqualTo(Status.DENIED);
        assertThat(Status.of("FAILED")).as("a contact the vendor lost").isEqualTo(Status.FAILED);
    }

    @Test
    void anUnknownMissingOrMisspelledValueIsOtherWhichNoRuleAccepts() {
        assertThat(Kind.of("call")).isEqualTo(Kind.OTHER);
        assertThat(Kind.of(null)).isEqualTo(Kind.OTHER);
        assertThat(Kind.of("OTHER")).isEqualTo(Kind.OTHER);
        assertThat(Status.of("answered")).isEqualTo(Status.OTHER);
        assertThat(Status.of(null)).isEqualTo(Status.OTHER);
    }
}
