package io.ttsgateway.provider.link;

import java.time.Duration;

/**
 * What one link may carry and how long it lives, as data: each vendor gives its own.
 *
 * @param maxRoutes     requests in flight at once on one link ({@code 1} for sequential protocols)
 * @param sequential    frames without a route belong to the request being served (one at a time)
 * @param maxChars      characters of text the provider accepts per {@code window} on one link, or 0
 *                      for no limit
 * @param maxSends      requests and {@link Call#trySend further sends} the provider accepts per
 *                      {@code window} on one link (flushes, for Deepgram), or 0 for no limit
 * @param window        the window {@code maxChars} and {@code maxSends} count over
 * @param idleReplace   an idle link older than this since its last traffic is replaced, not reused
 *                      (it may be about to hit the provider's inactivity timeout)
 * @param keepAlive     quiet time after which an idle link is pinged, so proxies keep it
 * @param probe         longest wait for a sign of life after a request on a reused link before the
 *                      link counts as dead and the request is sent again elsewhere
 * @param cancelWait    longest a cancelled request holds its slot waiting for the provider's
 *                      confirmation; past it the link is retired
 */
public record LinkLimits(int maxRoutes, boolean sequential, int maxChars, int maxSends, Duration window,
                         Duration idleReplace, Duration keepAlive, Duration probe, Duration cancelWait) {

    /** Limits without a limit on sends. */
    public LinkLimits(int maxRoutes, boolean sequential, int maxChars, Duration window, Duration idleReplace,
                      Duration keepAlive, Duration probe, Duration cancelWait) {
        this(maxRoutes, sequential, maxChars, 0, window, idleReplace, keepAlive, probe, cancelWait);
    }
}
