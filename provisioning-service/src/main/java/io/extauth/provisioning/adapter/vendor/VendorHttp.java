package io.extauth.provisioning.adapter.vendor;

import tools.jackson.databind.JsonNode;
import io.extauth.provisioning.VendorAnswer;
import io.extauth.provisioning.VendorUnavailableException;
import io.extauth.service.vendor.VendorClient;
import io.extauth.service.words.ForeignWords;
import java.net.URI;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.client.HttpStatusCodeException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Calls a vendor and sorts what can go wrong: a 4xx with the vendor's problem response, a {@code code} in it, is the
 * vendor refusing for good ({@link VendorAnswer.Refused} with the problem's {@code code} and {@code detail} as its
 * reason, and its {@code code} alone); 5xx, 408, 429, any other 4xx, timeouts and refused connections are transient
 * ({@link VendorUnavailableException}, which the provisioning worker retries later with back-off).
 */
class VendorHttp {

    private final VendorClient vendor;

    /** @param vendor the vendor's client: observed only where its span could be recorded, JSON as bytes */
    VendorHttp(VendorClient vendor) {
        this.vendor = vendor;
    }

    /** The address of a path of the vendor's API, once, instead of expanding a URI template per call. */
    URI uri(String path) {
        return vendor.uri(path);
    }

    /** POSTs the body as JSON and reads the JSON answer ({@code null} when it has none); see {@link VendorClient#post}. */
    <T> @Nullable T post(URI uri, Object body, Class<T> answer) {
        return vendor.post(uri, body, answer);
    }

    /**
     * The client for a call from this thread. The worker calls the vendors on its own threads, in no trace, and new
     * traces are not sampled unless spans are exported: no client observation there (a sixth of the worker's CPU).
     */
    RestClient client() {
        return vendor.client();
    }

    VendorAnswer call(String vendor, String action, Supplier<VendorAnswer> call) {
        try {
            return call.get();
        } catch (HttpStatusCodeException e) {
            if (!isTheVendorsRefusal(e)) {
                throw new VendorUnavailableException(vendor + " could not " + action + " now: " + e.getStatusCode()
                        + " " + reason(e), e);
            }
            return new VendorAnswer.Refused(reason(e), code(e));
        } catch (ResourceAccessException e) {
            throw new VendorUnavailableException(vendor + " could not be reached to " + action + ": " + what(e), e);
        } catch (RestClientException e) {
            if (timedOut(e)) {
                // the answer's body did not come whole by the call's deadline (Spring wraps a body's read failure so)
                throw new VendorUnavailableException(vendor + " could not be reached to " + action + ": timed out", e);
            }
            throw new VendorUnavailableException(vendor + " gave an unreadable answer to " + action + " ("
                    + e.getClass().getSimpleName() + ")", e);
        }
    }

    /**
     * What went wrong on the way, in words that name no address: the message becomes the order's {@code lastError},
     * which portal and admin callers read ({@code GET /api/provisionings/{orderId}}), and the client's own message
     * names the vendor's internal URL and host. The configured base URL tells an operator where it was.
     */
    static String what(ResourceAccessException e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        if (cause instanceof java.net.ConnectException) {
            return "connection refused";
        }
        if (cause instanceof java.net.SocketTimeoutException || cause instanceof java.net.http.HttpTimeoutException
                || cause.getClass().getSimpleName().contains("Timeout")) {
            return "timed out";
        }
        if (cause instanceof java.net.UnknownHostException) {
            return "its host name could not be resolved";
        }
        return cause == e ? "I/O error" : cause.getClass().getSimpleName();
    }

    private static boolean timedOut(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.net.SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the vendor itself refused, for good: a 4xx but 408 and 429, with its problem response's {@code code}. A 4xx
     * without one is no word of the vendor's but of what stands between (an egress proxy's 407 when its credentials
     * expired, a gateway's 401/403, a 404 of a route missing after a deploy): taken as a refusal, every order was
     * ProvisioningFailed while it lasted, and a removal whose lookup by key met it was recorded as an order the vendor
     * never had, its credential left bound at VIP. It is retried, as a 5xx is, until the way is mended.
     */
    private static boolean isTheVendorsRefusal(HttpStatusCodeException e) {
        int status = e.getStatusCode().value();
        return e.getStatusCode().is4xxClientError() && status != HttpStatus.REQUEST_TIMEOUT.value()
                && status != HttpStatus.TOO_MANY_REQUESTS.value() && code(e) != null;
    }

    /**
     * The vendor's own words: {@code CODE: detail} from its problem response, or the status when it sent none; kept
     * as {@link ForeignWords} keeps them (one line, addresses masked, at most 500 characters).
     */
    static String reason(HttpStatusCodeException e) {
        return ForeignWords.kept(words(e));
    }

    /** The {@code code} of the vendor's problem response, if it sent one that says something ({@link #said}). */
    static @Nullable String code(HttpStatusCodeException e) {
        return said(text(problem(e), "code"));
    }

    private static @Nullable JsonNode problem(HttpStatusCodeException e) {
        try {
            return e.getResponseBodyAs(JsonNode.class);
        } catch (RuntimeException unreadable) {
            return null; // not JSON: the status says it all
        }
    }

    private static String words(HttpStatusCodeException e) {
        @Nullable JsonNode problem = problem(e);
        String code = code(e);
        String detail = said(text(problem, "detail"));
        if (code == null && detail == null) {
            return status(e);
        }
        if (code == null) {
            return detail;
        }
        return detail == null ? code : code + ": " + detail;
    }

    private static String status(HttpStatusCodeException e) {
        return "HTTP " + e.getStatusCode().value();
    }

    /**
     * The text, unless what {@link ForeignWords} keeps of it is blank (spaces, control or format characters only):
     * such a code is no code, and the 4xx no refusal of the vendor's; and a refusal's reason is never blank, which
     * ProvisioningFailed's readers refuse (an empty code once made such an event, dead-lettered by both, the order
     * left ACCEPTED).
     */
    private static @Nullable String said(@Nullable String text) {
        return text == null || ForeignWords.kept(text).isBlank() ? null : text;
    }

    private static @Nullable String text(@Nullable JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
