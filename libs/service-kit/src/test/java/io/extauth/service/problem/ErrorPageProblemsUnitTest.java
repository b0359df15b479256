package io.extauth.service.problem;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class ErrorPageProblemsUnitTest {

    private final ErrorPageProblems page = new ErrorPageProblems();

    @Test
    void anErrorDispatchIsAProblemOfItsStatusThatTellsNothingOfTheFailure() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/error");
        request.setDispatcherType(DispatcherType.ERROR);
        request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, 500);
        request.setAttribute(RequestDispatcher.ERROR_EXCEPTION, new IllegalStateException("SELECT secret FROM t"));
        request.setAttribute(RequestDispatcher.ERROR_MESSAGE, "SELECT secret FROM t");
        MockHttpServletResponse response = new MockHttpServletResponse();

        page.error(request, response);

        assertThat(response.getStatus()).isEqualTo(500);
        assertThat(response.getContentType()).startsWith("application/problem+json");
        assertThat(response.getContentAsString()).contains("\"type\":\"about:blank\"", "\"status\":500")
                .doesNotContain("SELECT", "secret", "IllegalStateException");
    }

    @Test
    void aStatusThatIsNoErrorOrNoneAtAllIsA500AndA4xxKeepsItsStatus() {
        assertThat(ErrorPageProblems.statusOf(null)).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
        assertThat(ErrorPageProblems.statusOf(200)).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
        assertThat(ErrorPageProblems.statusOf(999)).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
        assertThat(ErrorPageProblems.statusOf("404")).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
        assertThat(ErrorPageProblems.statusOf(400)).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(ErrorPageProblems.statusOf(503)).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    }

    @Test
    void anAnswerAlreadyUnderWayIsLeftAsItIs() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/error");
        request.setDispatcherType(DispatcherType.INCLUDE);
        MockHttpServletResponse response = new MockHttpServletResponse();
        response.getWriter().write("{\"partial\":");
        response.setCommitted(true);

        page.error(request, response);

        assertThat(response.getContentAsString()).isEqualTo("{\"partial\":");
    }

    @Test
    void askedForDirectlyItIsAnUnknownPath() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();

        page.error(new MockHttpServletRequest("GET", "/error"), response);

        assertThat(response.getStatus()).isEqualTo(404);
        assertThat(response.getContentAsString()).contains("https://extauth.io/problems/no-such-path");
    }
}
