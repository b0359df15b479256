package io.extauth.messaging.cloudevents;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.OptBoolean;
import java.lang.annotation.Annotation;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;

/** What the hand-written JSON of the contract's records relies on: types Jackson reads and writes by default. */
final class PlainRecords {

    private PlainRecords() {
    }

    /**
     * Whether the only Jackson annotation anywhere on the type (the class, its fields, methods and constructors'
     * parameters) is {@code @JsonFormat(shape = STRING)} and nothing more on a {@code BigDecimal}, as
     * {@code AuthOrdered.monthlyFee} has: any other would change what Jackson writes or reads.
     */
    static boolean onlyFeeAnnotations(Class<?> type) {
        if (!allowed(type.getAnnotations(), null)) {
            return false;
        }
        for (Field field : type.getDeclaredFields()) {
            if (!allowed(field.getAnnotations(), field.getType())) {
                return false;
            }
        }
        for (Method method : type.getDeclaredMethods()) {
            if (!allowed(method.getAnnotations(), method.getReturnType()) || !parametersAllowed(method)) {
                return false;
            }
        }
        for (Constructor<?> constructor : type.getDeclaredConstructors()) {
            if (!allowed(constructor.getAnnotations(), null) || !parametersAllowed(constructor)) {
                return false;
            }
        }
        return true;
    }

    private static boolean parametersAllowed(Executable executable) {
        Annotation[][] annotations = executable.getParameterAnnotations();
        Class<?>[] types = executable.getParameterTypes();
        for (int i = 0; i < annotations.length && i < types.length; i++) {
            if (!allowed(annotations[i], types[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean allowed(Annotation[] annotations, @Nullable Class<?> annotatedType) {
        for (Annotation annotation : annotations) {
            String name = annotation.annotationType().getName();
            if ((name.startsWith("com.fasterxml.jackson.") || name.startsWith("tools.jackson."))
                    && !(annotatedType == BigDecimal.class && annotation instanceof JsonFormat format
                            && isPlainString(format))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isPlainString(JsonFormat format) {
        return format.shape() == JsonFormat.Shape.STRING && format.pattern().isEmpty()
                && format.locale().equals(JsonFormat.DEFAULT_LOCALE)
                && format.timezone().equals(JsonFormat.DEFAULT_TIMEZONE) && format.with().length == 0
                && format.without().length == 0 && format.lenient() == OptBoolean.DEFAULT;
    }
}
