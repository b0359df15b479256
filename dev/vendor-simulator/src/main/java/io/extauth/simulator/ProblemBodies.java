package io.extauth.simulator;

import java.net.URI;

import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Every problem names its {@code type} and {@code code}, as the README promises: Spring Framework 7 leaves the type
 * unset, and its own answers (a method the path does not have, a body in another format, an {@code Accept} it cannot
 * serve) carry no code; they get {@code about:blank} and the status's name ({@code METHOD_NOT_ALLOWED}). An error
 * answered without a body (the actuator's {@code 404} for a health group it does not have) gets a problem too.
 */
@RestControllerAdvice
class ProblemBodies implements ResponseBodyAdvice<Object> {

    private static final URI ABOUT_BLANK = URI.create("about:blank");

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public @Nullable Object beforeBodyWrite(@Nullable Object body, MethodParameter returnType, MediaType contentType,
            Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request,
            ServerHttpResponse response) {
        if (body == null && response instanceof ServletServerHttpResponse servlet) {
            HttpStatus status = HttpStatus.resolve(servlet.getServletResponse().getStatus());
            if (status != null && status.isError()) {
                response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
                return complete(forAnswerWithoutBody(status, request));
            }
        }
        return body instanceof ProblemDetail problem ? complete(problem) : body;
    }

    private static ProblemDetail forAnswerWithoutBody(HttpStatus status, ServerHttpRequest request) {
        String endpoint = request.getMethod() + " " + request.getURI().getPath();
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, status == HttpStatus.NOT_FOUND
                ? "There is nothing at " + endpoint + "." : "The request " + endpoint + " was refused: "
                        + status.getReasonPhrase() + ".");
        problem.setInstance(URI.create(request.getURI().getRawPath()));
        return problem;
    }

    private static ProblemDetail complete(ProblemDetail problem) {
        if (problem.getType() == null) {
            problem.setType(ABOUT_BLANK);
        }
        if (problem.getProperties() == null || !problem.getProperties().containsKey("code")) {
            HttpStatus status = HttpStatus.resolve(problem.getStatus());
            problem.setProperty("code", status == null ? "HTTP_" + problem.getStatus() : status.name());
        }
        return problem;
    }
}
