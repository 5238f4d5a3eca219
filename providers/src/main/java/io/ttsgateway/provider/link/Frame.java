package io.ttsgateway.provider.link;

import com.fasterxml.jackson.databind.JsonNode;

import io.ttsgateway.provider.ProviderException;

/**
 * One inbound provider message, as a {@link LinkCodec} reads it. {@code route} names the request it
 * is for; {@code null} means the link itself or, on a sequential link, the request being served.
 */
public sealed interface Frame {

    /** A message that concerns nobody (unknown type, keep-alive); dropped. */
    Frame IGNORED = new Ignored();

    /** The request it is for, or null. */
    String route();

    /** Audio for a request, already decoded from the wire. */
    record Audio(String route, byte[] audio) implements Frame {
    }

    /** The provider ended a request: all its audio has come and its slot is free. */
    record Done(String route) implements Frame {
    }

    /** The provider failed a request or, with a null route on a multiplexed link, the link and all on it. */
    record Failed(String route, ProviderException error) implements Frame {
    }

    /** The provider is ready for requests ({@code session}: its id for the connection, for logs, or null). */
    record Ready(String session) implements Frame {
        @Override
        public String route() {
            return null;
        }
    }

    /** Anything else about a request (timestamps, a flush mark), handed to its {@link Route} as is. */
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
