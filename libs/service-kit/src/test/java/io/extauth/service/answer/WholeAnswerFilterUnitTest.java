package io.extauth.service.answer;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.util.WebUtils;

class WholeAnswerFilterUnitTest {

    private final WholeAnswerFilter filter = new WholeAnswerFilter();

    @Test
    void aFlushOfTheWholeResponseBeforeTheEndLeavesItUncommittedWithWhatWasWritten() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        AtomicReference<ServletResponse> seen = new AtomicReference<>();

        filter.doFilter(new MockHttpServletRequest("POST", "/api/challenges"), response, (req, res) -> {
            seen.set(res);
            HttpServletResponse answer = (HttpServletResponse) res;
            answer.setStatus(201);
            answer.getOutputStream().write("{\"challengeId\":\"c-1\"}".getBytes(StandardCharsets.UTF_8));
            answer.flushBuffer();
            // still open: the container sends the answer, with its length, when the request ends
            assertThat(answer.isCommitted()).isFalse();
            answer.setHeader("X-Late", "kept");
        });

        assertThat(seen.get()).isInstanceOf(WholeAnswerFilter.WholeAnswer.class);
        assertThat(response.isCommitted()).isFalse();
        assertThat(response.getStatus()).isEqualTo(201);
        assertThat(response.getHeader("X-Late")).isEqualTo("kept");
        assertThat(response.getContentAsString()).isEqualTo("{\"challengeId\":\"c-1\"}");
    }

    @Test
    void anErrorPagesAnswerIsSentWholeToo() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/error");
        request.setDispatcherType(DispatcherType.ERROR);
        // what the container sets on its forward to an error page, and what OncePerRequestFilter looks at
        request.setAttribute(WebUtils.ERROR_REQUEST_URI_ATTRIBUTE, "/api/challenges");
        AtomicReference<ServletResponse> seen = new AtomicReference<>();

        filter.doFilter(request, new MockHttpServletResponse(), (req, res) -> seen.set(res));

        assertThat(seen.get()).isInstanceOf(WholeAnswerFilter.WholeAnswer.class);
    }
}
