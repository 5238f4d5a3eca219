package io.ttsgateway.provider.link;

/**
 * Where a {@link Link} is in its life: CONNECTING (upgrade or provider's ready pending), OPEN, RETIRED
 * (no new request; closes after the last), CLOSING (closed by the gateway), CLOSED; changes go through {@link #next}.
 */
public enum LinkState {
    CONNECTING, OPEN, RETIRED, CLOSING, CLOSED;

    /** What happens to a link: READY, RETIRE (idle, over a budget, suspected dead), CLOSE (by the gateway), ENDED. */
    public enum Event {
        READY, RETIRE, CLOSE, ENDED
    }

    /** The state after {@code event}: the same when it does not apply; nothing leaves CLOSED. */
    public LinkState next(Event event) {
        return switch (event) {
            case READY -> this == CONNECTING ? OPEN : this;
            case RETIRE -> this == OPEN || this == CONNECTING ? RETIRED : this;
            case CLOSE -> this == CLOSED ? CLOSED : CLOSING;
            case ENDED -> CLOSED;
        };
    }

    /** Whether a new request may start on the link (only when open). */
    public boolean takesRequests() {
        return this == OPEN;
    }
}
