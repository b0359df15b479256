package io.extauth.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

class StatusReportUnitTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aLockedUserShowsTheLatestOrderStateStrikesLockMaskedPhonesAndEmails() {
        List<JsonNode> orders = List.of(
                read("{\"orderId\":\"o-2\",\"userId\":\"carol\",\"type\":\"PHONEFACTOR\",\"status\":\"PROVISIONED\","
                        + "\"channel\":\"PORTAL\",\"updatedAt\":\"2026-11-30T10:00:00Z\"}"),
                read("{\"orderId\":\"o-1\",\"userId\":\"carol\",\"type\":\"PHONEFACTOR\",\"status\":\"REJECTED\","
                        + "\"channel\":\"BILLING\",\"reasons\":[{\"code\":\"MSA_NOT_ACKNOWLEDGED\"}],"
                        + "\"updatedAt\":\"2026-11-29T10:00:00Z\"}"));
        JsonNode factor = read("{\"state\":\"LOCKED\",\"type\":\"PHONEFACTOR\",\"method\":\"PHONE_CALL_PIN\","
                + "\"consecutiveFailures\":5,\"lockedUntil\":\"2026-11-30T11:00:00Z\",\"primaryPhoneMasked\":\"+1******0147\","
                + "\"settingsStatus\":\"ACTIVE\",\"pinSet\":true}");
        JsonNode emails = read("[{\"template\":\"provisioned-phonefactor\",\"toMasked\":\"c***@example.com\","
                + "\"status\":\"SENT\",\"sentAt\":\"2026-11-30T10:00:01Z\"}]");

        List<String> lines = StatusReport.of("1234", "carol", orders, factor, emails);

        assertThat(lines).containsExactly(
                "account 1234, user carol",
                "  order       PHONEFACTOR PROVISIONED, order o-2 via PORTAL, updated 2026-11-30T10:00:00Z (1 earlier)",
                "  lifecycle   LOCKED PHONEFACTOR PHONE_CALL_PIN, settings ACTIVE, PIN set",
                "  strikes     5 in a row",
                "  lock        locked until 2026-11-30T11:00:00Z",
                "  phones      primary +1******0147, secondary none",
                "  e-mails     SENT provisioned-phonefactor to c***@example.com at 2026-11-30T10:00:01Z");
    }

    @Test
    void aUserWithoutOrdersOrEmailsSaysNone() {
        List<String> lines = StatusReport.of("1234", "zed", List.of(),
                read("{\"state\":\"NONE\",\"consecutiveFailures\":0,\"pinSet\":false}"), read("[]"));

        assertThat(lines).contains("  order       none", "  lifecycle   NONE", "  lock        not locked",
                "  e-mails     none");
    }

    private JsonNode read(String text) {
        return json.readTree(text);
    }
}
