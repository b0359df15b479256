package io.extauth.service.input;

import java.util.List;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * A request body is read as the JSON it is, or refused ({@code 400 malformed-json}, the field named): Jackson's
 * defaults read more than one document's worth and guess at the rest, and a body that means one thing to a proxy or
 * a log in front of a service and another to the service is a parser differential, in an authentication product
 * where the proxy may be the one that decides. Until session 70:
 * <ul>
 * <li>text after the body's JSON was ignored ({@code {…order…} garbage} placed the order, {@code {…} {…}} took the
 * first);</li>
 * <li>a key given twice took its last value ({@code "userId":"a","userId":"b"} ordered for {@code b}, where a filter
 * reading the first saw {@code a});</li>
 * <li>scalars were converted: {@code "msaAcknowledged":1} and {@code "msaAcknowledged":"true"} acknowledged the
 * agreement, {@code "accountId":1234} was the account {@code "1234"}, a security code sent as a number was checked
 * (and struck), an enum took its index.</li>
 * </ul>
 * Kept as Jackson reads them: a decimal as a string ({@code "amountOff":"1.50"}, the form the services write fees in),
 * a whole number as a decimal, and an empty string as no value.
 * <p>
 * Only the services' request bodies are read so: a vendor's answers and the events keep their own readers.
 */
final class StrictJson {

    private StrictJson() {
    }

    /** The services' mapper, reading strictly; it writes as before. */
    static JsonMapper of(JsonMapper mapper) {
        // a decimal may still come as a string ("1.50": the services write their fees so) and an empty string is
        // still no value (a 422 naming the field, not a 400), as Jackson reads them by default
        return mapper.rebuild()
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(EnumFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .withCoercionConfig(LogicalType.Textual, text -> text
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Boolean, truth -> truth
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Integer, number -> number
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Float, number -> number
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .build();
    }

    /** The server's JSON converter replaced by one on the strict mapper. */
    static void readBodiesStrictly(List<HttpMessageConverter<?>> converters) {
        converters.replaceAll(converter -> converter instanceof JacksonJsonHttpMessageConverter json
                ? new JacksonJsonHttpMessageConverter(of(json.getMapper())) : converter);
    }
}
