package io.extauth.service.apidocs;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.oas.models.media.Schema;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.NullMarked;
import org.jspecify.annotations.NullUnmarked;
import org.jspecify.annotations.Nullable;

/**
 * A record's field that is never null is {@code required} in the OpenAPI and AsyncAPI documents: every view and every
 * event is a record whose package is {@code @NullMarked}, a field that may be absent says {@code @Nullable}, and the
 * services write nulls by leaving the field out ({@code non_null}). The schema generator read no nullness, so no
 * schema had a {@code required} list, and a client generated from the documents had to treat every field of every
 * event as optional, a {@code ChallengeResult}'s {@code outcome} among them. A request record's fields are all
 * {@code @Nullable}: a missing one is the {@code 422} that names it, not a body the service cannot read. A
 * {@link ModelConverter} bean: springdoc and Springwolf both take them.
 */
public final class RequiredByNullness implements ModelConverter {

    @Override
    public @Nullable Schema resolve(AnnotatedType type, ModelConverterContext context, Iterator<ModelConverter> chain) {
        Schema<?> resolved = chain.hasNext() ? chain.next().resolve(type, context, chain) : null;
        Class<?> raw = rawClass(type.getType());
        if (resolved != null && raw != null && raw.isRecord() && nullMarked(raw)) {
            Schema<?> model = model(resolved, context);
            if (model != null && model.getProperties() != null) {
                model.setRequired(required(raw, model.getProperties()));
            }
        }
        return resolved;
    }

    /** The names, as on the wire, of the record's fields that are never null (the generator sorts them). */
    static @Nullable List<String> required(Class<?> record, Map<String, ?> properties) {
        List<String> required = new ArrayList<>();
        for (RecordComponent component : record.getRecordComponents()) {
            String name = wireName(record, component);
            if (!component.getAnnotatedType().isAnnotationPresent(Nullable.class) && properties.containsKey(name)) {
                required.add(name);
            }
        }
        return required.isEmpty() ? null : required;
    }

    /** The schema itself, or the one its {@code $ref} names among those the generator has defined. */
    private static @Nullable Schema<?> model(Schema<?> resolved, ModelConverterContext context) {
        String ref = resolved.get$ref();
        if (ref == null) {
            return resolved;
        }
        return context.getDefinedModels().get(ref.substring(ref.lastIndexOf('/') + 1));
    }

    private static String wireName(Class<?> record, RecordComponent component) {
        try {
            JsonProperty renamed = record.getDeclaredField(component.getName()).getAnnotation(JsonProperty.class);
            return renamed != null && !renamed.value().isEmpty() ? renamed.value() : component.getName();
        } catch (NoSuchFieldException impossible) {
            return component.getName();
        }
    }

    /** Nullness is said for the class, a class around it, or its package, and the nearest that says it wins. */
    private static boolean nullMarked(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
            if (c.isAnnotationPresent(NullUnmarked.class)) {
                return false;
            }
            if (c.isAnnotationPresent(NullMarked.class)) {
                return true;
            }
        }
        return type.getPackage() != null && type.getPackage().isAnnotationPresent(NullMarked.class);
    }

    private static @Nullable Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        // swagger-core hands properties over as Jackson 2 types
        return type instanceof com.fasterxml.jackson.databind.JavaType javaType ? javaType.getRawClass() : null;
    }
}
