package io.extauth.messaging.cloudevents;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.contract.ContractJson;
import io.extauth.contract.ExtauthEvent;
import io.extauth.contract.events.OrderRejected;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 14, fifth pass: event data in the kit's flat shape is read by hand. Whatever is read here is what the old path
 * (a tree, then converted) and Jackson's data binding read from the same bytes — for generated values of every type,
 * and for their JSON mangled at random; anything else is left to them.
 */
class FlatDataUnitTest {

    private static final List<Class<? extends ExtauthEvent>> TYPES = GeneratedEvents.TYPES;

    @Test
    void everyContractTypeButTheOneWithAListOfRecordsIsReadHere() {
        for (Class<? extends ExtauthEvent> type : TYPES) {
            assertThat(FlatData.readsHere(type)).as(type.getSimpleName()).isEqualTo(type != OrderRejected.class);
        }
    }

    @Test
    void generatedEventsAsTheKitWritesThemAreReadHereAsTheOldPathReadsThem() {
        SplittableRandom random = new SplittableRandom(17);
        int here = 0;
        for (int i = 0; i < 40_000; i++) {
            Class<? extends ExtauthEvent> type = TYPES.get(i % TYPES.size());
            ExtauthEvent event = i % 3 == 0 ? GeneratedEvents.plain(type) : GeneratedEvents.generated(type, random);
            byte[] json = EventJson.write(event).getBytes(StandardCharsets.UTF_8);
            ExtauthEvent flat = FlatData.readOrNull(json, type);
            if (i % 3 == 0 && type != OrderRejected.class) {
                assertThat(flat).as(new String(json, StandardCharsets.UTF_8)).isNotNull();
            }
            if (flat != null) {
                here++;
                assertSameAsBefore(json, type, flat);
            }
        }
        assertThat(here).isGreaterThan(12_000);
    }

    @Test
    void mangledDataIsReadHereOnlyWhereTheOldPathReadsTheSame() {
        SplittableRandom random = new SplittableRandom(18);
        int here = 0;
        for (int i = 0; i < 120_000; i++) {
            Class<? extends ExtauthEvent> type = TYPES.get(random.nextInt(TYPES.size()));
            ExtauthEvent event = i % 2 == 0 ? GeneratedEvents.plain(type) : GeneratedEvents.generated(type, random);
            byte[] json = GeneratedEvents.mangle(EventJson.write(event), random).getBytes(StandardCharsets.UTF_8);
            ExtauthEvent flat = FlatData.readOrNull(json, type);
            if (flat != null) {
                here++;
                assertSameAsBefore(json, type, flat);
            }
        }
        assertThat(here).as("mangled data still read here").isGreaterThan(2_000);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "{\"accountId\":\"1\",\"userId\":\"u\",\"orderId\":\"o\",\"type\":\"PHONEFACTOR\",\"reason\":\"r\"}",
        "{\"accountId\":\"1\",\"userId\":\"u\",\"orderId\":\"o\",\"type\":\"PHONEFACTOR\",\"reason\":\"r\",\"attempts\":null}",
        "{\"accountId\":\"1\",\"userId\":\"u\",\"orderId\":\"o\",\"type\":\"PHONEFACTOR\",\"reason\":\"r\",\"attempts\":5,\"extra\":1}",
        "{\"accountId\":\"1\",\"userId\":\"u\",\"orderId\":\"o\",\"type\":\"PHONEFACTOR\",\"reason\":\"r\",\"attempts\":5} x",
        "{\"accountId\":\"1\",\"userId\":\"u\",\"orderId\":\"o\",\"type\":\"PHONEFACTOR\",\"reason\":\"r\",\"attempts\":5.0}",
        "{\"accountId\":\"1\",\"userId\":\"u\",\"orderId\":\"o\",\"type\":\"PHONEFACTOR\",\"reason\":\"r\",\"attempts\":\"5\"}",
        "{\"accountId\":\"1\",\"userId\":\"u\",\"orderId\":\"o\",\"type\":\"PHONEFACTOR\",\"reason\":\"r\\n\",\"attempts\":5}",
        "{\"accountId\":\"1\",\"userId\":\"u\",\"orderId\":\"o\",\"type\":\"phonefactor\",\"reason\":\"r\",\"attempts\":5}",
        "{\"accountId\":1,\"userId\":\"u\",\"orderId\":\"o\",\"type\":\"PHONEFACTOR\",\"reason\":\"r\",\"attempts\":5}",
        "{\"accountId\":\"1\",\"accountId\":\"2\",\"userId\":\"u\",\"orderId\":\"o\",\"type\":\"PHONEFACTOR\",\"attempts\":5}",
        "{\"accountId\":\"1\",\"userId\":\"u\",\"orderId\":\"o\",\"type\":\"PHONEFACTOR\",\"reason\":\"\u00e9\",\"attempts\":5}"})
    void whatTheFlatShapeDoesNotCoverIsLeftToJackson(String json) {
        assertThat(FlatData.readOrNull(json.getBytes(StandardCharsets.UTF_8),
                io.extauth.contract.events.ProvisioningFailed.class)).isNull();
    }

    @Test
    void whitespaceAnyOrderAndLeftOutNullableFieldsAreReadHere() {
        byte[] json = (" {\n\t\"attempts\" : 5 ,\"reason\":\"r\", \"type\":\"PHONEFACTOR\",\"orderId\":null,"
                + "\"userId\":\"u\",\"accountId\":\"1\"}\r\n").getBytes(StandardCharsets.UTF_8);
        ExtauthEvent flat = FlatData.readOrNull(json, io.extauth.contract.events.ProvisioningFailed.class);
        assertThat(flat).isNotNull();
        assertSameAsBefore(json, io.extauth.contract.events.ProvisioningFailed.class, flat);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"PHONEFACTOR", "SYMANTEC_VIP", "PHONEFACTO", "PHONEFACTORR", "PHONEFACTOr", "", " PHONEFACTOR", "VIP"})
    void anEnumNameIsFoundByItsBytesOnlyWhenItIsExactlyAConstantsName(String name) {
        String json = "{\"accountId\":\"1\",\"userId\":\"u\",\"orderId\":\"o\",\"type\":\"" + name
                + "\",\"reason\":\"r\",\"attempts\":5}";
        ExtauthEvent flat = FlatData.readOrNull(json.getBytes(StandardCharsets.UTF_8),
                io.extauth.contract.events.ProvisioningFailed.class);
        if (java.util.Arrays.stream(io.extauth.contract.AuthType.values()).anyMatch(t -> t.name().equals(name))) {
            assertThat(flat).isNotNull();
            assertSameAsBefore(json.getBytes(StandardCharsets.UTF_8), io.extauth.contract.events.ProvisioningFailed.class,
                    flat);
        } else {
            assertThat(flat).as("left to Jackson").isNull();
        }
    }

    @Test
    void eachStringIsWhatTheCallersTextsKeepAndTheyAreGivenTheTextAsRead() {
        byte[] json = "{\"accountId\":\"1\",\"userId\":\"u-7\",\"orderId\":\"o\",\"type\":\"PHONEFACTOR\",\"reason\":\"\",\"attempts\":5}"
                .getBytes(StandardCharsets.UTF_8);
        java.util.Map<String, String> seen = new java.util.LinkedHashMap<>();
        String kept = new String("kept");
        io.extauth.contract.events.ProvisioningFailed flat = FlatData.readOrNull(json,
                io.extauth.contract.events.ProvisioningFailed.class, (component, text) -> {
                    seen.put(component, text);
                    return component.equals("userId") ? kept : text;
                });
        assertThat(seen).containsExactly(java.util.Map.entry("accountId", "1"), java.util.Map.entry("userId", "u-7"),
                java.util.Map.entry("orderId", "o"), java.util.Map.entry("reason", ""));
        assertThat(flat).isNotNull();
        assertThat(flat.userId()).isSameAs(kept);
        assertThat(flat.reason()).isEmpty();
    }

    /** The old path (tree, then converted) and Jackson's data binding read the same event, without complaint. */
    private static void assertSameAsBefore(byte[] json, Class<? extends ExtauthEvent> type, ExtauthEvent flat) {
        String what = new String(json, StandardCharsets.UTF_8);
        @Nullable Object before;
        @Nullable Object bound;
        try {
            before = ContractJson.mapper().treeToValue(CloudEventCodec.parse(json), type);
            bound = ContractJson.mapper().readValue(json, type);
        } catch (RuntimeException refused) {
            throw new AssertionError("read here, refused before: " + what, refused);
        }
        assertThat(flat).as(what).isEqualTo(before).isEqualTo(bound);
    }
}
