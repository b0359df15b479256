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
 * Every problem names its {@code type}: Spring Framework 7 leaves it unset; its own answers (a method the path does not
 * have, a body in another format, an {@code Accept} it cannot serve) get {@code about:blank}. They carry no
 * {@code code}, as the server's answers in front of a real vendor's API would not: the services take a 4xx problem
 * with a {@code code} for the vendor's own refusal and end the order, and one without for the way to the vendor (a
 * route missing after a deploy), which they try again. An error answered without a body (the actuator's {@code 404}
 * for a health group it does not have) gets a problem too.
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
        return problem;
    }
}
