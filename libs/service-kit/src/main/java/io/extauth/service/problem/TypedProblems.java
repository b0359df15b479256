package io.extauth.service.problem;

import java.net.URI;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Every problem names its {@code type}: {@code about:blank} when nothing more specific says what went wrong, as
 * CONTRACT §9 promises. Spring Framework 7 leaves a problem's type unset, and its own answers (a method the path does
 * not have, a body in another format, a query parameter of the wrong type, a role or account refused) went out
 * without one, while the problems the kit writes itself said {@code about:blank}: RFC 9457 reads the two alike, a
 * client that reads {@code type} did not.
 */
@RestControllerAdvice
public class TypedProblems implements ResponseBodyAdvice<Object> {

    static final URI ABOUT_BLANK = URI.create("about:blank");

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public @Nullable Object beforeBodyWrite(@Nullable Object body, MethodParameter returnType, MediaType contentType,
            Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request,
            ServerHttpResponse response) {
        if (body instanceof ProblemDetail problem && problem.getType() == null) {
            problem.setType(ABOUT_BLANK);
        }
        return body;
    }
}
