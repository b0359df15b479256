package io.extauth.testsupport;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.NullMarked;
import org.jspecify.annotations.NullUnmarked;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ProblemDetail;

/**
 * What the OpenAPI documents promise of a view, a body the services answer with: every component its record does not
 * mark {@code @Nullable} is there (the service kit's {@code RequiredByNullness} makes them {@code required}), in the
 * view and in every record it carries; and, as {@link ContractFields} asks of the events, a text is not blank. The
 * services leave a null out of the JSON they write, so a null there is a field the document promised and the client
 * did not get. A problem carries the {@code type}, {@code title} and {@code status} its schema requires.
 *
 * <p>Nullness is read as {@code RequiredByNullness} reads it (test-support cannot depend on the service kit, whose own
 * tests depend on test-support, so the rule is repeated here): a record whose class, a class around it, or failing
 * those its package says {@code @NullMarked}, the nearest saying wins; a record of no {@code @NullMarked} says nothing
 * of its fields and is not held to anything, though the records it carries are.
 */
public final class ViewFields {

    private ViewFields() {
    }

    /**
     * The fields the body leaves out that its view promises, as
     * {@code "FactorView from GET /api/users/u-1/external-auth: lockedUntil"}, and {@code "…: message (blank)"} for a
     * blank text; nothing for a body that is no record, no list of them and no problem.
     */
    public static List<String> missing(@Nullable Object body, String request) {
        if (body == null) {
            return List.of();
        }
        List<String> missing = new ArrayList<>();
        collect(body, "", missing);
        String view = body instanceof List<?> list && !list.isEmpty() && list.get(0) != null
                ? "List<" + name(list.get(0).getClass()) + ">" : name(body.getClass());
        return missing.stream().map(field -> view + " from " + request + ": " + field).toList();
    }

    private static void collect(Object value, String path, List<String> missing) {
        if (value instanceof Record record) {
            collectRecord(record, path, missing);
        } else if (value instanceof ProblemDetail problem) {
            collectProblem(problem, path, missing);
        } else if (value instanceof Iterable<?> elements) {
            int i = 0;
            for (Object element : elements) {
                if (element != null) {
                    collect(element, element(path, i), missing);
                }
                i++;
            }
        } else if (value instanceof Object[] elements) {
            for (int i = 0; i < elements.length; i++) {
                if (elements[i] != null) {
                    collect(elements[i], element(path, i), missing);
                }
            }
        } else if (value instanceof Map<?, ?> entries) {
            entries.forEach((key, entry) -> {
                if (entry != null) {
                    collect(entry, path + key + ".", missing);
                }
            });
        }
    }

    private static void collectRecord(Record record, String path, List<String> missing) {
        boolean nullMarked = nullMarked(record.getClass());
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            Object value = read(record, component);
            String field = path + wireName(record.getClass(), component);
            boolean nullable = component.getAnnotatedType().isAnnotationPresent(Nullable.class);
            if (value == null) {
                if (nullMarked && !nullable) {
                    missing.add(field);
                }
            } else if (value instanceof String text && text.isBlank()) {
                if (nullMarked && !nullable) {
                    missing.add(field + " (blank)");
                }
            } else {
                collect(value, field + ".", missing);
            }
        }
    }

    /** The three fields the kit's {@code Problem} schema requires; its other properties are looked into as values. */
    private static void collectProblem(ProblemDetail problem, String path, List<String> missing) {
        if (problem.getType() == null) {
            missing.add(path + "type");
        }
        if (problem.getTitle() == null || problem.getTitle().isBlank()) {
            missing.add(path + "title");
        }
        if (problem.getStatus() <= 0) {
            missing.add(path + "status");
        }
        if (problem.getProperties() != null) {
            collect(problem.getProperties(), path, missing);
        }
    }

    /** Nullness is said for the class, a class around it, or its package, and the nearest that says it wins. */
    static boolean nullMarked(Class<?> type) {
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

    private static @Nullable Object read(Record record, RecordComponent component) {
        try {
            component.getAccessor().setAccessible(true);
            return component.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot read " + component + " of " + record.getClass().getName(), e);
        }
    }

    /** As on the wire: a component renamed with {@code @JsonProperty} goes by that name. */
    private static String wireName(Class<?> record, RecordComponent component) {
        try {
            JsonProperty renamed = record.getDeclaredField(component.getName()).getAnnotation(JsonProperty.class);
            return renamed != null && !renamed.value().isEmpty() ? renamed.value() : component.getName();
        } catch (NoSuchFieldException impossible) {
            return component.getName();
        }
    }

    /** The path to a list's element: {@code items[0]} under a field, {@code [0]} for a list that is the whole body. */
    private static String element(String path, int index) {
        return (path.endsWith(".") ? path.substring(0, path.length() - 1) : path) + "[" + index + "].";
    }

    /** A nested record by its enclosing class too, {@code OrderQueryController.OrderView}, as a reader finds it. */
    private static String name(Class<?> type) {
        String name = type.getName();
        return name.substring(name.lastIndexOf('.') + 1).replace('$', '.');
    }
}
