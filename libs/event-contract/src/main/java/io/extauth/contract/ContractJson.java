package io.extauth.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON form of event data: RFC 3339 times, no nulls, unknown fields tolerated (the contract may add fields).
 * Jackson 3 changed defaults that would change the wire format or what is read; they are set back to what the
 * contract has always been: properties in declaration order, enums by name, null for a primitive read as its
 * default, trailing content after the document ignored.
 */
public final class ContractJson {

    private static final JsonMapper MAPPER = builder(new JsonFactory()).build();

    private ContractJson() {
    }

    public static JsonMapper mapper() {
        return MAPPER;
    }

    /** The contract's settings on a mapper over the given factory: for readers that bound what they parse. */
    public static JsonMapper.Builder builder(JsonFactory factory) {
        return JsonMapper.builder(factory)
                .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DateTimeFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
                .disable(EnumFeature.WRITE_ENUMS_USING_TO_STRING, EnumFeature.READ_ENUMS_USING_TO_STRING)
                .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .changeDefaultPropertyInclusion(inclusion -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL));
    }
}
