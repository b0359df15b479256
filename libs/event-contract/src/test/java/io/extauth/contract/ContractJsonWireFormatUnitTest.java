package io.extauth.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.contract.events.AuthOrdered;
import io.extauth.contract.events.ChallengeResult;
import io.extauth.contract.events.FactorSettingsChanged;
import io.extauth.contract.events.OrderRejected;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The event JSON on the topics, byte for byte as the contract has always written it (the expected texts were
 * produced by the Jackson 2 mapper before the move to Jackson 3), and read as tolerantly as before.
 */
class ContractJsonWireFormatUnitTest {

    private static final Instant AT = Instant.parse("2027-03-01T08:00:00.123456789Z");

    @Test
    void anOrderIsWrittenInDeclarationOrderWithTheFeeAsAStringAndNoNulls() throws Exception {
        AuthOrdered ordered = new AuthOrdered("acct-1", "carol", "order-1", AuthType.PHONEFACTOR, null,
                "carol@example.com", null, new BigDecimal("9.50"), OrderChannel.PORTAL, AT);

        assertThat(ContractJson.mapper().writeValueAsString(ordered)).isEqualTo("{\"accountId\":\"acct-1\","
                + "\"userId\":\"carol\",\"orderId\":\"order-1\",\"type\":\"PHONEFACTOR\","
                + "\"email\":\"carol@example.com\",\"monthlyFee\":\"9.50\",\"channel\":\"PORTAL\","
                + "\"orderedAt\":\"2027-03-01T08:00:00.123456789Z\"}");
    }

    @Test
    void aResultIsWrittenWithNumbersAsNumbersAndTimesAsRfc3339() throws Exception {
        ChallengeResult result = new ChallengeResult("acct-1", "carol", "ch-1", LoginChannel.VPN,
                ChallengeOutcome.FAILED, 2, 3, Instant.parse("2027-03-01T08:15:00Z"), AT);

        assertThat(ContractJson.mapper().writeValueAsString(result)).isEqualTo("{\"accountId\":\"acct-1\","
                + "\"userId\":\"carol\",\"challengeId\":\"ch-1\",\"channel\":\"VPN\",\"outcome\":\"FAILED\","
                + "\"consecutiveFailures\":2,\"remainingAttempts\":3,\"lockedUntil\":\"2027-03-01T08:15:00Z\","
                + "\"decidedAt\":\"2027-03-01T08:00:00.123456789Z\"}");
    }

    @Test
    void listsOfEnumsAndOfReasonsAreWrittenAsBefore() throws Exception {
        FactorSettingsChanged changed = new FactorSettingsChanged("acct-1", "carol", PhoneFactorMethod.PHONE_CALL_PIN,
                "carol", AT, List.of(FactorChange.values()[0]), null);
        OrderRejected rejected = new OrderRejected("acct-1", "carol", null,
                List.of(new OrderRejected.Reason("email", "INVALID_FORMAT", "Give an e-mail address")));

        assertThat(ContractJson.mapper().writeValueAsString(changed)).isEqualTo("{\"accountId\":\"acct-1\","
                + "\"userId\":\"carol\",\"method\":\"PHONE_CALL_PIN\",\"changedBy\":\"carol\","
                + "\"at\":\"2027-03-01T08:00:00.123456789Z\",\"changes\":[\"" + FactorChange.values()[0].name()
                + "\"]}");
        assertThat(ContractJson.mapper().writeValueAsString(rejected)).isEqualTo("{\"accountId\":\"acct-1\","
                + "\"userId\":\"carol\",\"reasons\":[{\"field\":\"email\",\"code\":\"INVALID_FORMAT\","
                + "\"message\":\"Give an e-mail address\"}]}");
    }

    @Test
    void aReaderToleratesUnknownFieldsANullCountAndContentAfterTheEventAsBefore() throws Exception {
        String json = "{\"accountId\":\"acct-1\",\"userId\":\"carol\",\"challengeId\":\"ch-1\",\"channel\":\"VPN\","
                + "\"outcome\":\"SUCCEEDED\",\"consecutiveFailures\":null,\"remainingAttempts\":5,"
                + "\"decidedAt\":\"2027-03-01T08:00:00+01:00\",\"addedLater\":{\"x\":1}} ";

        ChallengeResult result = ContractJson.mapper().readValue(json + "trailing", ChallengeResult.class);

        assertThat(result.consecutiveFailures()).isZero();
        assertThat(result.remainingAttempts()).isEqualTo(5);
        assertThat(result.decidedAt()).isEqualTo(Instant.parse("2027-03-01T07:00:00Z"));
    }
}
