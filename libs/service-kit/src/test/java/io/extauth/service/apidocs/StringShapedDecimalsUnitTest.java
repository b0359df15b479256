package io.extauth.service.apidocs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonFormat;
import io.extauth.contract.AuthType;
import io.extauth.contract.OrderChannel;
import io.extauth.contract.events.AuthOrdered;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.media.Schema;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class StringShapedDecimalsUnitTest {

    record Priced(@JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal fee, BigDecimal percentOff) {
    }

    @Test
    void aFeeWrittenAsAStringIsAStringInTheSchemaAndAPlainDecimalStaysANumber() {
        Map<String, Schema> schemas = converters().readAll(Priced.class);

        Map<String, Schema> properties = schemas.values().iterator().next().getProperties();
        assertThat(properties.get("fee").getType()).isEqualTo("string");
        assertThat(properties.get("fee").getFormat()).isEqualTo("decimal");
        assertThat(properties.get("percentOff").getType()).as("no @JsonFormat: Jackson writes a number")
                .isEqualTo("number");
    }

    @Test
    void authOrderedsMonthlyFeeIsDocumentedAsTheStringTheWireCarries() {
        AuthOrdered ordered = new AuthOrdered("acct-1", "jane", "o-1", AuthType.PHONEFACTOR, null, "j@example.com",
                null, new BigDecimal("3.00"), OrderChannel.PORTAL, Instant.parse("2026-12-08T00:00:00Z"));
        JsonNode wire = JsonMapper.builder().findAndAddModules().build().valueToTree(ordered);

        Schema<?> authOrdered = converters().readAll(AuthOrdered.class).get("AuthOrdered");
        Schema<?> monthlyFee = (Schema<?>) authOrdered.getProperties().get("monthlyFee");

        assertThat(wire.path("monthlyFee").isString()).as(wire.toString()).isTrue();
        assertThat(monthlyFee.getType()).isEqualTo("string");
        assertThat(wire.path("monthlyFee").asString()).matches(monthlyFee.getPattern());
    }

    private static ModelConverters converters() {
        ModelConverters converters = new ModelConverters();
        converters.addConverter(new StringShapedDecimals());
        return converters;
    }
}
