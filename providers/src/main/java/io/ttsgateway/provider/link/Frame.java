package io.ttsgateway.provider.link;

import com.fasterxml.jackson.databind.JsonNode;

import io.ttsgateway.provider.ProviderException;

/**
 * One inbound provider message, as a {@link LinkCodec} reads it. {@code route} names the request
 * it is for; {@code null} means the link itself, or, on a sequential link
 * ({@link LinkLimits#sequential()}), the request being served.
 */
public sealed interface Frame {

    /** A message that concerns nobody (unknown type, keep-alive); dropped. */
    Frame IGNORED = new Ignored();

    /**
     * The request it is for.
     *
     * @return the route id, or null
     */
    String route();

    /**
     * Audio for a request.
     *
     * @param route the request
     * @param audio the bytes, already decoded from the wire (base64 or binary)
     */
    record Audio(String route, byte[] audio) implements Frame {
    }

    /**
     * The provider ended a request: all its audio has come and its slot on the link is free.
     *
     * @param route the request
     */
    record Done(String route) implements Frame {
    }

    /**
     * The provider failed a request, or with {@code route == null} on a multiplexed link, the whole
     * link (everything in flight fails with it; an {@code AUTH_FAILED} retires the link).
     *
     * @param route the request, or null
     * @param error what went wrong
     */
    record Failed(String route, ProviderException error) implements Frame {
    }

    /**
     * The provider is ready for requests, for protocols that say so after the upgrade.
     *
     * @param session the provider's id for the connection, for logs, or null
     */
    record Ready(String session) implements Frame {
        @Override
        public String route() {
            return null;
        }
    }

    /**
     * Anything else about a request (timestamps, a flush mark, a start of audio): handed to the
     * request's {@link Route} as is.
     *
     * @param route   the request
     * @param type    the vendor's message type
     * @param message the whole message
     */
    record Event(String route, String type, JsonNode message) implements Frame {
    }

    /** See {@link #IGNORED}. */
    record Ignored() implements Frame {
        @Override
        public String route() {
            return null;
        }
    }
}
