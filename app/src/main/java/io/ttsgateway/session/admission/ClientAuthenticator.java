package io.ttsgateway.session.admission;

import java.util.Optional;
import java.util.Set;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.RequestException;
import io.helidon.http.Status;

import io.ttsgateway.keys.ClientGrant;
import io.ttsgateway.keys.KeyAccess;
import io.ttsgateway.session.protocol.ErrorCode;

/**
 * Checks client API keys at the WebSocket upgrade and on the HTTP API, for deployments without a
 * gateway in front. A key is accepted from {@code Authorization: Bearer <key>}, {@code X-API-Key: <key>}
 * or, for browsers that cannot set headers, the {@code api_key} query parameter, and looked up by
 * its SHA-256 among the keys in force ({@link KeyAccess}). With no keys configured, every client is
 * accepted.
 */
public final class ClientAuthenticator {

    private static final HeaderName API_KEY_HEADER = HeaderNames.create("X-API-Key");
    private static final String BEARER = "Bearer ";
    private static final String QUERY_PARAMETER = "api_key";

    private final KeyAccess access;

    /**
     * Creates the authenticator.
     *
     * @param access the keys in force, their limits and usage
     */
    public ClientAuthenticator(KeyAccess access) {
        this.access = access;
    }

    /**
     * Creates an authenticator of keys without limits, with usage in memory.
     *
     * @param keys accepted keys; empty disables authentication
     */
    public ClientAuthenticator(Set<String> keys) {
        this(KeyAccess.unmetered(keys));
    }

    /**
     * Rejects the upgrade with 401 unless a key in force is presented.
     *
     * @param prologue request line, with the query
     * @param headers  request headers
     * @return the client's grant
     * @throws RequestException 401 when the key is missing or wrong
     */
    public ClientGrant check(HttpPrologue prologue, Headers headers) {
        return grant(prologue, headers).orElseThrow(() -> RequestException.builder()
                .type(DirectHandler.EventType.OTHER)
                .status(Status.UNAUTHORIZED_401)
                .message(ErrorCode.UNAUTHORIZED.wireName() + ": a valid API key is required")
                .build());
    }

    /**
     * Whether a request presents a key in force ({@code Authorization: Bearer}, {@code X-API-Key}
     * or the {@code api_key} query parameter), or no key is needed.
     *
     * @param prologue request line, with the query
     * @param headers  request headers
     * @return true when the request may go on
     */
    public boolean allows(HttpPrologue prologue, Headers headers) {
        return grant(prologue, headers).isPresent();
    }

    /**
     * What a request may do under the key it presents.
     *
     * @param prologue request line, with the query
     * @param headers  request headers
     * @return its grant, or empty when it presents no key in force and one is needed
     */
    public Optional<ClientGrant> grant(HttpPrologue prologue, Headers headers) {
        return grant(presented(prologue, headers));
    }

    /**
     * What a client may do under the key it presented, for a caller that has the key already
     * ({@link #presented}).
     *
     * @param presented the key presented, or empty
     * @return its grant, or empty when it is no key in force and one is needed
     */
    public Optional<ClientGrant> grant(Optional<String> presented) {
        return access.grant(presented);
    }

    /**
     * The grant of a client that presented nothing, when no key is needed.
     *
     * @return the grant, or empty when keys are needed
     */
    public Optional<ClientGrant> anonymous() {
        return access.grant(Optional.empty());
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
}
