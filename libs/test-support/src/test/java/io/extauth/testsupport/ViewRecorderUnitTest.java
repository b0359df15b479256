package io.extauth.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.extauth.testsupport.fixture.views.Receipt;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.http.converter.StringHttpMessageConverter;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class ViewRecorderUnitTest {

    private final ViewRecorder recorder = new ViewRecorder();

    @Test
    void theFieldsLeftOutAreKeptWithTheirRequestUntilTakenAndTheBodyGoesOutAsItCame() {
        ViewRecorder.takeFieldsTheContractRequiresButTheServicesLeftOut();
        Receipt incomplete = new Receipt(null, null);

        Object written = write(incomplete, "GET", "/api/receipts/r%201");
        write(new Receipt("r-2", null), "GET", "/api/receipts/r-2");

        assertThat(written).isSameAs(incomplete);
        assertThat(ViewRecorder.takeFieldsTheContractRequiresButTheServicesLeftOut())
                .containsExactly("Receipt from GET /api/receipts/r%201: id");
        assertThat(ViewRecorder.takeFieldsTheContractRequiresButTheServicesLeftOut()).as("taken once").isEmpty();
    }

    private Object write(Object body, String method, String path) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        return recorder.beforeBodyWrite(body, null, MediaType.APPLICATION_JSON, StringHttpMessageConverter.class,
                new ServletServerHttpRequest(request), new ServletServerHttpResponse(new MockHttpServletResponse()));
    }
}
