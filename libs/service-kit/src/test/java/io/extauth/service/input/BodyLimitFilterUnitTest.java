package io.extauth.service.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.DelegatingServletInputStream;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class BodyLimitFilterUnitTest {

    private static final int LIMIT = 64 * 1024;
    private static final long HUGE = 400L * 1024 * 1024;

    private final BodyLimitFilter filter = new BodyLimitFilter(LIMIT);

    @Test
    void aBodyDeclaredLargerThanTheLimitIsAnswered413UnreadAndTheChainNeverRuns() throws Exception {
        GeneratedBody body = new GeneratedBody(HUGE);
        StreamingRequest request = new StreamingRequest(body, HUGE);
        MockHttpServletResponse response = new MockHttpServletResponse();
        AtomicBoolean chainRan = new AtomicBoolean();

        filter.doFilter(request, response, (req, res) -> chainRan.set(true));

        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(response.getContentType()).startsWith("application/problem+json");
        assertThat(response.getContentAsString()).contains("\"status\":413");
        assertThat(response.getHeader("Connection")).isEqualTo("close");
        assertThat(chainRan).isFalse();
        assertThat(body.handedOut).isZero();
    }

    @Test
    void aChunkedBodyIsCutOffOneBytePastTheLimitWhateverReadsIt() throws Exception {
        GeneratedBody body = new GeneratedBody(HUGE);
        StreamingRequest request = new StreamingRequest(body, -1);
        FilterChain readsEverything = (req, res) -> req.getInputStream().readAllBytes();

        assertThatThrownBy(() -> filter.doFilter(request, new MockHttpServletResponse(), readsEverything))
                .isInstanceOf(BodyTooLargeException.class);
        assertThat(body.handedOut).isEqualTo(LIMIT + 1);
    }

    @Test
    void aReaderOverTheBodyIsCountedToo() throws Exception {
        GeneratedBody body = new GeneratedBody(HUGE);
        StreamingRequest request = new StreamingRequest(body, -1);
        FilterChain readsText = (req, res) -> {
            char[] buffer = new char[8192];
            while (req.getReader().read(buffer) >= 0) {
                // reads on until the limit stops it
            }
        };

        assertThatThrownBy(() -> filter.doFilter(request, new MockHttpServletResponse(), readsText))
                .isInstanceOf(BodyTooLargeException.class);
        assertThat(body.handedOut).isLessThanOrEqualTo(LIMIT + 1);
    }

    @Test
    void aBodyOfExactlyTheLimitIsReadWhole() throws Exception {
        GeneratedBody body = new GeneratedBody(LIMIT);
        StreamingRequest request = new StreamingRequest(body, -1);
        int[] read = new int[1];

        filter.doFilter(request, new MockHttpServletResponse(), (req, res) -> read[0] = req.getInputStream()
                .readAllBytes().length);

        assertThat(read[0]).isEqualTo(LIMIT);
    }

    @Test
    void aQueryParameterWithANulIsAnswered400NamingIt() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/orders");
        request.setQueryString("status=ACTIVE&accountId=12%0034");
        MockHttpServletResponse response = new MockHttpServletResponse();
        AtomicBoolean chainRan = new AtomicBoolean();

        filter.doFilter(request, response, (req, res) -> chainRan.set(true));

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getContentAsString()).contains("'accountId'").contains("NUL");
        assertThat(chainRan).isFalse();
    }

    @Test
    void ordinaryQueryParametersPass() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/orders");
        request.setQueryString("accountId=1234&to=%2B12015550147&flag");
        AtomicBoolean chainRan = new AtomicBoolean();

        filter.doFilter(request, new MockHttpServletResponse(), (req, res) -> chainRan.set(true));

        assertThat(chainRan).isTrue();
    }

    /** A request whose body comes from a generator, with or without a declared length. */
    private static final class StreamingRequest extends MockHttpServletRequest {

        private final ServletInputStream stream;
        private final long declaredLength;

        StreamingRequest(InputStream body, long declaredLength) {
            super("POST", "/callbacks/telephony");
            this.stream = new DelegatingServletInputStream(body);
            this.declaredLength = declaredLength;
            setCharacterEncoding(StandardCharsets.UTF_8.name());
        }

        @Override
        public ServletInputStream getInputStream() {
            return stream;
        }

        @Override
        public long getContentLengthLong() {
            return declaredLength;
        }

        @Override
        public int getContentLength() {
            return (int) Math.min(Integer.MAX_VALUE, declaredLength);
        }
    }

    /** {@code size} bytes of JSON-ish text made up on demand, counting how many were handed out. */
    static final class GeneratedBody extends InputStream {

        private final long size;
        long handedOut;

        GeneratedBody(long size) {
            this.size = size;
        }

        @Override
        public int read() {
            if (handedOut >= size) {
                return -1;
            }
            handedOut++;
            return 'a';
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (handedOut >= size) {
                return -1;
            }
            int n = (int) Math.min(length, size - handedOut);
            java.util.Arrays.fill(buffer, offset, offset + n, (byte) 'a');
            handedOut += n;
            return n;
        }
    }
}
