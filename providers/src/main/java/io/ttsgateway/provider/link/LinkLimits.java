package io.ttsgateway.provider.link;

import java.time.Duration;

/**
 * What one link may carry and how long it lives, each vendor's own: requests at once; whether frames
 * without a route are the served request's; characters and sends (requests and {@link Call#trySend})
 * per {@code window} (0: no limit); quiet before an idle link is replaced, and before it is pinged;
 * the wait for a reused link's sign of life; how long an unconfirmed cancel holds its slot.
 */
public record LinkLimits(int maxRoutes, boolean sequential, int maxChars, int maxSends, Duration window,
                         Duration idleReplace, Duration keepAlive, Duration probe, Duration cancelWait) {

    /** Limits without a limit on sends. */
    public LinkLimits(int maxRoutes, boolean sequential, int maxChars, Duration window, Duration idleReplace,
                      Duration keepAlive, Duration probe, Duration cancelWait) {
        this(maxRoutes, sequential, maxChars, 0, window, idleReplace, keepAlive, probe, cancelWait);
    }
}
