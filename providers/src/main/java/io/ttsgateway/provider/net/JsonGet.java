package io.ttsgateway.provider.net;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.ProviderTimeouts;

/**
 * One bounded {@code GET} of a JSON document from a provider (voice and model lists): connect plus
 * first-byte timeout for the whole response, at most {@link #MAX_BODY_BYTES}, a status other than
 * 200 mapped by the provider's error table.
 */
public final class JsonGet {

    /** Largest body read; voice lists of big accounts are some megabytes. */
    private static final int MAX_BODY_BYTES = 16 * 1024 * 1024;
    private static final ObjectMapper JSON = JsonMappers.create();

    private JsonGet() {
    }

    /**
     * Fetches and parses.
     *
     * @throws ProviderException from {@code errors} for a refusal; {@code UNAVAILABLE} when unreachable;
     *                           {@code TIMEOUT}; {@code SYNTHESIS_FAILED} for a body that is not JSON
     */
    public static JsonNode get(HttpClient client, String provider, URI uri, Map<String, String> headers,
                               ProviderTimeouts timeouts, ProviderErrors.Table errors) throws ProviderException {
        HttpRequest request = HttpExchange.build(provider, HttpRequest.newBuilder(uri)
                .header("Accept", "application/json").GET(), headers);
        HttpResponse<byte[]> response;
        try {
            response = HttpExchange.send(client, provider, request, info -> new BoundedBody(),
                                         timeouts.connect().toMillis() + timeouts.firstByte().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException(ProviderErrorKind.UNAVAILABLE, provider + " list request interrupted");
        }
        if (response.statusCode() != 200) {
            throw errors.of(response.statusCode(), response.body());
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new ProviderException(ProviderErrorKind.SYNTHESIS_FAILED, ProviderException.NO_STATUS,
                                        provider + " sent a list that is not JSON", null);
        }
    }

    /**
     * The array a list response holds its entries in, under {@code field} (or the body itself when null).
     *
     * @throws ProviderException {@code SYNTHESIS_FAILED} when there is no such array
     */
    public static JsonNode items(JsonNode body, String field, String provider) throws ProviderException {
        JsonNode items = field == null ? body : body.get(field);
        if (items == null || !items.isArray()) {
            throw new ProviderException(ProviderErrorKind.SYNTHESIS_FAILED, provider + " sent a list without "
                    + (field == null ? "entries" : field));
        }
        return items;
    }

    /** Parses an error body leniently: {@code null} when it is not JSON. */
    public static JsonNode parseOrNull(byte[] body) {
        try {
            return body.length == 0 ? null : JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    /** Parses a provider's message leniently: {@code null} when it is not JSON. */
    public static JsonNode parseOrNull(String message) {
        try {
            return JSON.readTree(message);
        } catch (IOException e) {
            return null;
        }
    }

    /** A response body collected into bytes, up to a limit; a longer body fails the exchange. */
    private static final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private Flow.Subscription subscription;

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            for (ByteBuffer item : items) {
                if (result.isDone() || bytes.size() + item.remaining() > MAX_BODY_BYTES) {
                    subscription.cancel();
                    result.completeExceptionally(new IOException("response body over " + MAX_BODY_BYTES + " bytes"));
                    return;
                }
                byte[] chunk = new byte[item.remaining()];
                item.get(chunk);
                bytes.writeBytes(chunk);
            }
        }

        @Override
        public void onError(Throwable error) {
            result.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            result.complete(bytes.toByteArray());
        }
    }
}
