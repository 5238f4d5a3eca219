package io.ttsgateway.provider.link;

/**
 * Where a {@link Link} is in its life: CONNECTING (the upgrade is under way, or the provider has not
 * said it is ready), OPEN (takes new requests), RETIRED (serves the requests it has, takes no new one,
 * closes when the last one ends), CLOSING (closed by the gateway, its close frame on its way), CLOSED
 * (closed by either side or lost). Every change goes through {@link #next}; nothing leaves CLOSED.
 */
public enum LinkState {
    CONNECTING, OPEN, RETIRED, CLOSING, CLOSED;

    /**
     * What happens to a link: READY (the upgrade succeeded or the provider's ready came), RETIRE (no new
     * request: old, idle, over a budget, suspected dead), CLOSE (by the gateway), ENDED (the socket ended).
     */
    public enum Event {
        READY, RETIRE, CLOSE, ENDED
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
