package io.ttsgateway.provider.net;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.ProviderTimeouts;

/**
 * One bounded {@code GET} of a JSON document from a provider (voice and model lists): the client's
 * connect timeout, then at most the first-byte timeout for the whole response, at most
 * {@link #MAX_BODY_BYTES}. A status other than 200 goes through the provider's own error table.
 * Keys travel in headers only; neither they nor the body reach a message.
 */
public final class JsonGet {

    /** Largest body read; voice lists of big accounts are some megabytes. */
    public static final int MAX_BODY_BYTES = 16 * 1024 * 1024;
    /** Shared, thread-safe once configured. */
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Maps a refused request to the provider's failure. */
    @FunctionalInterface
    public interface Errors {
        /**
         * The failure a status and body stand for.
         *
         * @param status the HTTP status, not 200
         * @param body   the body, at most {@link #MAX_BODY_BYTES}; possibly not JSON
         * @return the exception, its message free of the key and the body's free text
         */
        ProviderException of(int status, byte[] body);
    }

    private JsonGet() {
    }

    /**
     * Fetches and parses.
     *
     * @param client   the provider's client (its connect timeout applies)
     * @param provider the provider's name, for messages
     * @param uri      the document
     * @param headers  authentication and version headers
     * @param timeouts the provider's timeouts
     * @param errors   the provider's error table
     * @return the parsed document
     * @throws ProviderException its {@code errors} for a refusal; {@code UNAVAILABLE} when unreachable;
     *                           {@code TIMEOUT}; {@code SYNTHESIS_FAILED} for a body that is not JSON
     */
    public static JsonNode get(HttpClient client, String provider, URI uri, Map<String, String> headers,
                               ProviderTimeouts timeouts, Errors errors) throws ProviderException {
        HttpRequest request;
        try {
            HttpRequest.Builder builder = HttpRequest.newBuilder(uri).header("Accept", "application/json").GET();
            headers.forEach(builder::header);
            request = builder.build();
        } catch (IllegalArgumentException e) {
            // Without the cause: its message could quote a header value, the key.
            throw new ProviderException(ProviderErrorKind.AUTH_FAILED, provider + " API key is malformed");
        }
        long wait = timeouts.connect().toMillis() + timeouts.firstByte().toMillis();
        CompletableFuture<HttpResponse<byte[]>> future =
                client.sendAsync(request, info -> new BoundedBody(MAX_BODY_BYTES));
        HttpResponse<byte[]> response;
        try {
            response = future.get(wait, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new ProviderException(ProviderErrorKind.UNAVAILABLE, provider + " list request interrupted");
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new ProviderException(ProviderErrorKind.TIMEOUT, ProviderException.NO_STATUS,
                                        provider + " sent no complete list in " + wait + " ms", null);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw ProviderErrors.unreachable(provider, cause instanceof IOException io ? io : new IOException(cause));
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
     * The array a list response holds its entries in.
     *
     * @param body     the response
     * @param field    the array's field, or {@code null} when the body itself is the array
     * @param provider the provider's name, for the message
     * @return the array
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

    /**
     * Parses an error body leniently.
     *
     * @param body the bytes
     * @return the JSON, or {@code null} when it is not JSON
     */
    public static JsonNode parseOrNull(byte[] body) {
        try {
            return body.length == 0 ? null : JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }
}
