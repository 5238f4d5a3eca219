package io.ttsgateway.provider.link;

/**
 * Where a {@link Link} is in its life. Every change goes through {@link #next}; a link never
 * leaves {@link #CLOSED}.
 */
public enum LinkState {
    /** The upgrade is under way, or the provider has not said it is ready. */
    CONNECTING,
    /** Takes new requests. */
    OPEN,
    /** Serves the requests it has, takes no new one; closes when the last one ends. */
    RETIRED,
    /** Closed by the gateway; its close frame is on its way. */
    CLOSING,
    /** Ended: closed by either side or lost. */
    CLOSED;

    /** What happens to a link. */
    public enum Event {
        /** The provider is ready (the upgrade succeeded, or its ready message came). */
        READY,
        /** No new request may use the link: old, idle, over a budget, or suspected dead. */
        RETIRE,
        /** The gateway closes the link. */
        CLOSE,
        /** The socket ended: a close frame, a reset, a failed ping. */
        ENDED
    }

    /** @return the state after {@code event}; the same state when the event does not apply */
    public LinkState next(Event event) {
        return switch (event) {
            case READY -> this == CONNECTING ? OPEN : this;
            case RETIRE -> this == OPEN || this == CONNECTING ? RETIRED : this;
            case CLOSE -> this == CLOSED ? CLOSED : CLOSING;
            case ENDED -> CLOSED;
        };
    }

    /** @return whether a new request may start on a link in this state (only when open) */
    public boolean takesRequests() {
        return this == OPEN;
    }
}
