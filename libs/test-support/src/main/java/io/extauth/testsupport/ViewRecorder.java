package io.extauth.testsupport;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import org.springframework.core.Ordered;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Sees every body the services' controllers and exception handlers answer with, {@code ResponseEntity} bodies and
 * asynchronous answers included, as it goes to the message converter, and keeps the fields its view promised and left
 * out ({@link ViewFields}); the events have {@link TopicRecorder#fieldsTheContractRequiresButTheServicesLeftOut()}.
 * On every service a test starts in this JVM ({@link ViewRecorderAutoConfiguration}), so the list is shared: an
 * integration test base takes it after each test. What a service writes without a converter is not seen: the error
 * page's and the container's problems ({@code ErrorPageProblems}, {@code ProblemReportValve}), Spring Security's
 * refusals.
 */
@ControllerAdvice
public final class ViewRecorder implements ResponseBodyAdvice<Object>, Ordered {

    private static final List<String> LEFT_OUT = new ArrayList<>();

    /** The fields left out since the last call, and forgets them: each test answers for its own requests. */
    public static List<String> takeFieldsTheContractRequiresButTheServicesLeftOut() {
        synchronized (LEFT_OUT) {
            List<String> taken = List.copyOf(LEFT_OUT);
            LEFT_OUT.clear();
            return taken;
        }
    }

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public @Nullable Object beforeBodyWrite(@Nullable Object body, MethodParameter returnType, MediaType contentType,
            Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request,
            ServerHttpResponse response) {
        List<String> missing = ViewFields.missing(body, request.getMethod() + " " + request.getURI().getRawPath());
        if (!missing.isEmpty()) {
            synchronized (LEFT_OUT) {
                LEFT_OUT.addAll(missing);
            }
        }
        return body;
    }

    /** Last, so that it sees the body as the other advice leaves it (the kit's {@code TypedProblems} sets a type). */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
