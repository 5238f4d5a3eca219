package io.ttsgateway.provider.link;

import java.time.Duration;

/**
 * What one link may carry and how long it lives, as data: each vendor gives its own.
 *
 * @param maxRoutes   requests in flight at once ({@code 1} for sequential protocols)
 * @param sequential  frames without a route belong to the request being served
 * @param maxChars    characters of text accepted per {@code window}, or 0 for no limit
 * @param maxSends    requests and {@link Call#trySend further sends} accepted per {@code window}, or 0
 * @param window      what {@code maxChars} and {@code maxSends} count over
 * @param idleReplace an idle link quiet this long is replaced, not reused (the provider may be closing it)
 * @param keepAlive   quiet time after which an idle link is pinged, so proxies keep it
 * @param probe       longest wait for a sign of life from a reused link before its request goes elsewhere
 * @param cancelWait  longest a cancelled request holds its slot unconfirmed; past it the link is retired
 */
public record LinkLimits(int maxRoutes, boolean sequential, int maxChars, int maxSends, Duration window,
                         Duration idleReplace, Duration keepAlive, Duration probe, Duration cancelWait) {

    /** Limits without a limit on sends. */
    public LinkLimits(int maxRoutes, boolean sequential, int maxChars, Duration window, Duration idleReplace,
                      Duration keepAlive, Duration probe, Duration cancelWait) {
        this(maxRoutes, sequential, maxChars, 0, window, idleReplace, keepAlive, probe, cancelWait);
    }
}
