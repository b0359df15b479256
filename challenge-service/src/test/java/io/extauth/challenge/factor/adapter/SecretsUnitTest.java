package io.extauth.challenge.factor.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCrypt;

class SecretsUnitTest {

    private final Secrets ours = new Secrets(new PinProperties("pepper-of-this-deployment-32-bytes!"));
    private final Secrets another = new Secrets(new PinProperties("pepper-of-another-deployment-32bytes"));

    @Test
    void aNumberIsCountedUnderAKeyThePepperMakesAndThatStaysTheSameFromReleaseToRelease() {
        // HMAC-SHA256(HMAC-SHA256(pepper, "extauth counting key v1"), number), computed outside Java (Python's hmac):
        // a key that did not come from the pepper, or a derivation changed by a release, which would start every
        // number's count afresh, fails here
        assertThat(ours.countingKey("+15550100"))
                .isEqualTo("735d70a5f7ba5e1d9bcc2000b790e7ebc3eba3745c573eef9b47769847466573");
        assertThat(another.countingKey("+15550100")).isNotEqualTo(ours.countingKey("+15550100"));
        assertThat(ours.countingKey("+15550101")).isNotEqualTo(ours.countingKey("+15550100"));
    }

    @Test
    void aPinHashedWithOnePepperVerifiesWithItButNotWithAnother() {
        String hash = ours.hash("4711");

        assertThat(ours.matches("4711", hash)).isTrue();
        assertThat(ours.matches("4712", hash)).isFalse();
        assertThat(another.matches("4711", hash)).isFalse();
    }

    @Test
    void theStoredHashIsNotABcryptHashAGuessCanBeTestedAgainst() {
        String hash = ours.hash("4711");
        String withoutPrefix = hash.substring(Secrets.PEPPERED.length());

        assertThat(hash).startsWith("{hmac-bcrypt}$2a$10$");
        assertThat(Secrets.isPeppered(hash)).isTrue();
        // the database alone: bcrypt of the right PIN with the stored salt does not give the stored value
        String salt = withoutPrefix.substring(0, 29);
        assertThat(withoutPrefix).isNotEqualTo(BCrypt.hashpw("4711", salt)).doesNotContain(BCrypt.hashpw("4711", salt)
                .substring(29));
    }

    @Test
    void aHashFromBeforePepperingStillVerifiesAndItsPepperedFormNeedsThePepper() {
        String legacy = BCrypt.hashpw("4711", BCrypt.gensalt(10));

        String upgraded = ours.pepper(legacy);

        assertThat(ours.matches("4711", legacy)).isTrue();
        assertThat(ours.matches("4711", upgraded)).isTrue();
        assertThat(ours.matches("0000", upgraded)).isFalse();
        assertThat(another.matches("4711", upgraded)).isFalse();
    }

    @Test
    void aCandidateLongerThanBcryptReadsMatchesNothingInsteadOfFailing() {
        String hash = ours.hash("4711");
        String legacy = BCrypt.hashpw("4711", BCrypt.gensalt(4));

        assertThat(ours.matches("1".repeat(80), hash)).isFalse();
        assertThat(ours.matches("4711" + "\u00e9".repeat(40), hash)).as("73+ bytes in UTF-8").isFalse();
        assertThat(ours.matches("1".repeat(80), legacy)).isFalse();
        assertThat(ours.matches("4711", hash)).isTrue();
    }

    @Test
    void aSealedCodeOpensWithThePepperItWasSealedUnderAndNotWithAnotherAndNeverReadsAsTheCode() {
        String sealed = ours.seal("482913");

        assertThat(sealed).doesNotContain("482913").isNotEqualTo(ours.seal("482913"));
        assertThat(ours.unseal(sealed)).isEqualTo("482913");
        assertThatThrownBy(() -> another.unseal(sealed)).isInstanceOf(IllegalStateException.class);
    }
}
