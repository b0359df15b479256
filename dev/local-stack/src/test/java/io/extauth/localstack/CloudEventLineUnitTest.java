package io.extauth.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

class CloudEventLineUnitTest {

    @Test
    void aBinaryModeEventShowsItsAttributesThenItsData() {
        String line = CloudEventLine.of("billing.orders.rejected", 1, 7, "erin", Map.of(
                "ce_type", bytes("OrderRejected"), "ce_time", bytes("2026-11-30T10:00:00Z"), "ce_id", bytes("e-1"),
                "ce_source", bytes("/order-service"), "content-type", bytes("application/json")),
                bytes("{\"userId\":\"erin\"}"));

        assertThat(line.lines()).containsExactly(
                "2026-11-30T10:00:00Z  OrderRejected  billing.orders.rejected-1@7  key=erin  id=e-1  source=/order-service",
                "  {\"userId\":\"erin\"}");
    }

    @Test
    void aStructuredModeEventReadsTheSameFromItsEnvelope() {
        String line = CloudEventLine.of("billing.orders", 0, 3, "dave", Map.of("content-type",
                bytes("application/cloudevents+json; charset=UTF-8")), bytes("{\"specversion\":\"1.0\",\"id\":\"e-2\","
                        + "\"type\":\"OrderPlaced\",\"source\":\"/billing\",\"time\":\"2026-11-30T10:00:00Z\","
                        + "\"data\":{\"userId\":\"dave\"}}"));

        assertThat(line.lines()).containsExactly(
                "2026-11-30T10:00:00Z  OrderPlaced  billing.orders-0@3  key=dave  id=e-2  source=/billing",
                "  {\"userId\":\"dave\"}");
    }

    @Test
    void aRecordWithoutEnvelopeIsShownAsItIs() {
        assertThat(CloudEventLine.of("billing.orders", 0, 4, null, Map.of(), bytes("garbage")).lines())
                .containsExactly("(not a CloudEvent)  billing.orders-0@4  key=null", "  garbage");
    }

    @Test
    void controlCharactersOfARecordAreShownEscapedNeverSentToTheTerminal() {
        String line = CloudEventLine.of("billing.orders", 0, 5, "ja\u001b[2Jne", Map.of(
                "ce_type", bytes("OrderPlaced"), "ce_time", bytes("2026-11-30T10:00:00Z"), "ce_id", bytes("e\r\n-3"),
                "ce_source", bytes("/billing\u0007"), "content-type", bytes("application/json")),
                bytes("{\"userId\":\"x\"}\u001b]0;owned\u0007"));

        assertThat(line.lines()).containsExactly(
                "2026-11-30T10:00:00Z  OrderPlaced  billing.orders-0@5  key=ja\\u001b[2Jne  id=e\\r\\n-3"
                        + "  source=/billing\\u0007",
                "  {\"userId\":\"x\"}\\u001b]0;owned\\u0007");
        assertThat(CloudEventLine.of("billing.orders", 0, 6, "k\u009b", Map.of(), bytes("\u001bc")).lines())
                .containsExactly("(not a CloudEvent)  billing.orders-0@6  key=k\\u009b", "  \\u001bc");
    }

    @Test
    void formatCharactersAreShownEscapedSoNoTextReadsReversedOrHidesWhatFollows() {
        // a right-to-left override turns "exe.txt" around on screen; zero-width ones hide what they sit in
        assertThat(CloudEventLine.shown("invoice\u202etxt.exe")).isEqualTo("invoice\\u202etxt.exe");
        assertThat(CloudEventLine.shown("a\u200bb\u2066c\ufeff")).isEqualTo("a\\u200bb\\u2066c\\ufeff");
        assertThat(CloudEventLine.shown("Grüße, ✓ 😀")).as("letters and symbols as they are")
                .isEqualTo("Grüße, ✓ 😀");
        // tag characters, beyond the first plane, spell hidden text; a lone surrogate is no character at all
        assertThat(CloudEventLine.shown("ok\uDB40\uDC41\uDB40\uDC42")).isEqualTo("ok\\U000e0041\\U000e0042");
        assertThat(CloudEventLine.shown("a\uD800b")).isEqualTo("a\\ud800b");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
