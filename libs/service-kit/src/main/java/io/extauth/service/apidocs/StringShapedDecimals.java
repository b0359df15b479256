package io.extauth.service.apidocs;

import com.fasterxml.jackson.annotation.JsonFormat;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.util.Iterator;

/**
 * A {@code BigDecimal} written as a string ({@code @JsonFormat(shape = STRING)}, as every fee is: {@code "3.00"}) is
 * a string in the OpenAPI and AsyncAPI documents too. The schema generator reads the Java type and ignores the
 * annotation, so both documents said {@code "type": "number"} (example {@code 1.1}) for what the wire carries as a
 * string, and a client generated from them with strict types failed to read every order view and {@code AuthOrdered}.
 * A {@link ModelConverter} bean: springdoc and Springwolf both take them.
 */
public final class StringShapedDecimals implements ModelConverter {

    @Override
    public Schema resolve(AnnotatedType type, ModelConverterContext context, Iterator<ModelConverter> chain) {
        if (isDecimal(type.getType()) && stringShaped(type.getCtxAnnotations())) {
            return new StringSchema().format("decimal").pattern("^-?[0-9]+(\\.[0-9]+)?$").example("3.00")
                    .description("A decimal number written as a string, e.g. \"3.00\"");
        }
        return chain.hasNext() ? chain.next().resolve(type, context, chain) : null;
    }

    private static boolean isDecimal(Type type) {
        if (type == BigDecimal.class) {
            return true;
        }
        // swagger-core hands properties over as Jackson 2 types
        return type instanceof com.fasterxml.jackson.databind.JavaType javaType
                && javaType.getRawClass() == BigDecimal.class;
    }

    private static boolean stringShaped(Annotation[] annotations) {
        if (annotations == null) {
            return false;
        }
        for (Annotation annotation : annotations) {
            if (annotation instanceof JsonFormat format && format.shape() == JsonFormat.Shape.STRING) {
                return true;
            }
        }
        return false;
    }
}
