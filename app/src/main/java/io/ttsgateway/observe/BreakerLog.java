package io.ttsgateway.observe;

import java.util.logging.Logger;

import io.ttsgateway.breaker.BreakerListener;
import io.ttsgateway.breaker.BreakerState;

/**
 * The WARNING line of each change of a provider's circuit breaker, for operators, e.g.
 * {@code Provider openai breaker closed -> open: 3 failures in a row, the last timeout; requests
 * skip it for 15000 ms}. Once per change, never per request it turns away.
 */
public final class BreakerLog implements BreakerListener {

    private static final Logger LOGGER = Logger.getLogger(BreakerLog.class.getName());

    @Override
    public void changed(String provider, BreakerState from, BreakerState to, String why) {
        LOGGER.warning(() -> "Provider " + provider + " breaker " + from.wireName() + " -> " + to.wireName() + ": "
                + why);
    }
}
