package io.extauth.service.apidocs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.extauth.contract.events.AuthOrdered;
import io.extauth.contract.events.ChallengeResult;
import io.swagger.v3.core.converter.ModelConverters;
import io.extauth.testsupport.ViewFields;
import io.swagger.v3.oas.models.media.Schema;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.NullUnmarked;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class RequiredByNullnessUnitTest {

    /** This package is {@code @NullMarked}, as every package of the services is. */
    record View(String id, @Nullable String note, int count, @JsonProperty("at") Instant when, Inner inner) {
    }

    record Inner(String name, @Nullable List<String> tags) {
    }

    @NullUnmarked
    record Unsaid(String id, int count) {
    }

    record Request(@Nullable String accountId, @Nullable String userId) {
    }

    @Test
    void aFieldThatIsNeverNullIsRequiredByItsWireNameAndANullableOneIsNot() {
        Map<String, Schema> schemas = converters().readAll(View.class);

        assertThat(schemas.get("View").getRequired()).containsExactlyInAnyOrder("id", "count", "at", "inner");
        assertThat(schemas.get("Inner").getRequired()).as("a record reached through a field of another")
                .containsExactlyInAnyOrder("name");
    }

    @Test
    void aRequestWhoseFieldsAreAllNullableRequiresNone() {
        assertThat(converters().readAll(Request.class).get("Request").getRequired())
                .as("a missing field is the 422 that names it").isNull();
    }

    @Test
    void aRecordWhoseNullnessIsNotSaidRequiresNothing() {
        assertThat(converters().readAll(Unsaid.class).get("Unsaid").getRequired()).isNull();
    }

    @Test
    void theEventsRequireWhatTheyAlwaysCarry() {
        assertThat(converters().readAll(ChallengeResult.class).get("ChallengeResult").getRequired())
                .containsExactlyInAnyOrder("accountId", "userId", "challengeId", "channel", "outcome",
                        "consecutiveFailures", "remainingAttempts", "decidedAt");
        assertThat(converters().readAll(AuthOrdered.class).get("AuthOrdered").getRequired())
                .contains("accountId", "userId", "orderId", "type", "monthlyFee")
                .doesNotContain("method", "credentialId");
    }

    /**
     * The integration tests hold the views on the wire to this converter's rule with a copy of it (test-support's
     * {@code ViewFields}: test-support cannot depend on the kit): a view left with nothing but nulls and zeros lacks
     * exactly the fields this converter requires that can be null.
     */
    @Test
    void theTestsCheckOfTheViewsOnTheWireRequiresWhatThisConverterRequires() throws Exception {
        for (Class<? extends Record> view : List.of(View.class, Inner.class, Unsaid.class, Request.class)) {
            List<String> required = converters().readAll(view).get(view.getSimpleName()).getRequired();
            List<String> thatCanBeNull = required == null ? List.of() : required.stream()
                    .filter(field -> Arrays.stream(view.getRecordComponents())
                            .noneMatch(c -> c.getType().isPrimitive() && c.getName().equals(field)))
                    .toList();

            assertThat(ViewFields.missing(nullsAndZeros(view), "GET /view"))
                    .as(view.getSimpleName()).map(missing -> missing.substring(missing.indexOf(": ") + 2))
                    .containsExactlyInAnyOrderElementsOf(thatCanBeNull);
        }
    }

    private static Record nullsAndZeros(Class<? extends Record> view) throws ReflectiveOperationException {
        Class<?>[] types = Arrays.stream(view.getRecordComponents()).map(RecordComponent::getType)
                .toArray(Class<?>[]::new);
        Object[] values = Arrays.stream(types)
                .map(type -> type.isPrimitive() ? Array.get(Array.newInstance(type, 1), 0) : null).toArray();
        Constructor<? extends Record> constructor = view.getDeclaredConstructor(types);
        return constructor.newInstance(values);
    }

    private static ModelConverters converters() {
        ModelConverters converters = new ModelConverters();
        converters.addConverter(new StringShapedDecimals());
        converters.addConverter(new RequiredByNullness());
        return converters;
    }
}
