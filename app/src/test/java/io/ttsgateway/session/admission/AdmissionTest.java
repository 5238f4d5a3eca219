package io.ttsgateway.session.admission;

import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.Method;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.helidon.http.WritableHeaders;

import io.ttsgateway.session.protocol.ErrorCode;
import io.ttsgateway.session.protocol.ProtocolException;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * What a connection and its requests are let in for: the key and the drain at the upgrade; the
 * drain, the rate, the ids in use and the queue depth per request, in that order.
 */
class AdmissionTest {

    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);

    private final AtomicBoolean draining = new AtomicBoolean();

    private Admission admission(int ratePerMinute, int maxQueued) {
        return new Admission(new ClientAuthenticator(Set.of("secret")), draining::get, ratePerMinute, maxQueued, 0);
    }

    @Test
    void theUpgradeNeedsAKey() {
        Admission admission = admission(60, 16);
        RequestException refused = assertThrows(RequestException.class,
                                                () -> admission.upgrade(prologue(""), WritableHeaders.create()));
        assertEquals(Status.UNAUTHORIZED_401, refused.status());
        admission.upgrade(prologue("?api_key=secret"), WritableHeaders.create());
        admission.upgrade(prologue(""), WritableHeaders.create().add(HeaderNames.AUTHORIZATION, "Bearer secret"));
    }

    @Test
    void noConnectionIsTakenWhileDraining() {
        Admission admission = admission(60, 16);
        draining.set(true);
        RequestException refused = assertThrows(RequestException.class,
                                                () -> admission.upgrade(prologue("?api_key=secret"), headers()));
        assertEquals(Status.SERVICE_UNAVAILABLE_503, refused.status());
    }

    @Test
    void theRateLimitAllowsABurstThenRefillsOverTheMinute() throws ProtocolException {
        Admission admission = admission(3, 16);
        for (int i = 0; i < 3; i++) {
            admission.request("r" + i, false, 0, 0);
        }
        assertEquals(ErrorCode.RATE_LIMIT_EXCEEDED, refusal(admission, "r3", false, 0, 0));
        assertEquals(ErrorCode.RATE_LIMIT_EXCEEDED, refusal(admission, "r4", false, 0, MINUTE / 3 - 1));
        admission.request("r5", false, 0, 2 * MINUTE / 3);
    }

    @Test
    void eachRequestIsCheckedAgainstTheDrainFirstThenRateIdAndQueue() throws ProtocolException {
        Admission admission = admission(2, 1);
        assertEquals(ErrorCode.DUPLICATE_REQUEST, refusal(admission, "a", true, 5, 0), "before the queue");
        assertEquals(ErrorCode.QUEUE_FULL, refusal(admission, "b", false, 1, 0));
        assertEquals(ErrorCode.RATE_LIMIT_EXCEEDED, refusal(admission, "c", true, 5, 0),
                     "a refused request used up its token");
        draining.set(true);
        assertEquals(ErrorCode.SERVER_BUSY, refusal(admission, "d", true, 5, MINUTE));
        draining.set(false);
        admission.request("e", false, 0, MINUTE);
    }

    @Test
    void aRefusalNamesTheRequest() {
        ProtocolException refused = assertThrows(ProtocolException.class,
                                                 () -> admission(1, 0).request("mine", false, 0, 0));
        assertEquals("mine", refused.requestId());
        assertEquals("more than 0 requests queued on this connection", refused.error().message());
    }

    private static ErrorCode refusal(Admission admission, String id, boolean inUse, int queued, long now) {
        return assertThrows(ProtocolException.class, () -> admission.request(id, inUse, queued, now)).error().code();
    }

    private static HttpPrologue prologue(String query) {
        return HttpPrologue.create("HTTP/1.1", "HTTP", "1.1", Method.GET, "/api/v1/ws" + query, false);
    }

    private static Headers headers() {
        return WritableHeaders.create();
    }
}
