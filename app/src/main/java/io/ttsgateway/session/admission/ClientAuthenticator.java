package io.ttsgateway.session.admission;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.RequestException;
import io.helidon.http.Status;

import io.ttsgateway.session.protocol.ErrorCode;

/**
 * Checks client API keys at the WebSocket upgrade, for deployments without a gateway in front.
 * A key is accepted from {@code Authorization: Bearer <key>}, {@code X-API-Key: <key>} or, for
 * browsers that cannot set headers, the {@code api_key} query parameter. With no keys configured,
 * every client is accepted.
 */
public final class ClientAuthenticator {

    private static final HeaderName API_KEY_HEADER = HeaderNames.create("X-API-Key");
    private static final String BEARER = "Bearer ";
    private static final String QUERY_PARAMETER = "api_key";

    private final Set<byte[]> keys;

    /**
     * Creates the authenticator.
     *
     * @param keys accepted keys; empty disables authentication
     */
    public ClientAuthenticator(Set<String> keys) {
        this.keys = keys.stream().map(key -> key.getBytes(StandardCharsets.UTF_8))
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /**
     * Rejects the upgrade with 401 unless a configured key is presented.
     *
     * @param prologue request line, with the query
     * @param headers  request headers
     * @throws RequestException 401 when the key is missing or wrong
     */
    public void check(HttpPrologue prologue, Headers headers) {
        if (!allows(prologue, headers)) {
            throw RequestException.builder()
                    .type(DirectHandler.EventType.OTHER)
                    .status(Status.UNAUTHORIZED_401)
                    .message(ErrorCode.UNAUTHORIZED.wireName() + ": a valid API key is required")
                    .build();
        }
    }

    /**
     * Whether a request presents a configured key ({@code Authorization: Bearer}, {@code X-API-Key}
     * or the {@code api_key} query parameter), or no key is needed.
     *
     * @param prologue request line, with the query
     * @param headers  request headers
     * @return true when the request may go on
     */
    public boolean allows(HttpPrologue prologue, Headers headers) {
        if (keys.isEmpty()) {
            return true;
        }
        return presented(prologue, headers).map(this::accepted).orElse(false);
    }

    /**
     * The key a request presents, whether or not it is valid.
     *
     * @param prologue request line, with the query
     * @param headers  request headers
     * @return the key, or empty
     */
    public Optional<String> presented(HttpPrologue prologue, Headers headers) {
        return headers.first(HeaderNames.AUTHORIZATION)
                .filter(value -> value.startsWith(BEARER))
                .map(value -> value.substring(BEARER.length()).trim())
                .or(() -> headers.first(API_KEY_HEADER))
                .or(() -> prologue.query().first(QUERY_PARAMETER).asOptional());
    }

    private boolean accepted(String presented) {
        byte[] candidate = presented.getBytes(StandardCharsets.UTF_8);
        boolean match = false;
        for (byte[] key : keys) {
            // Constant time per key, so timing does not reveal how much of a key was right.
            match |= MessageDigest.isEqual(key, candidate);
        }
        return match;
    }
}
