package io.ttsgateway.observe;

import java.util.Locale;
import java.util.logging.Handler;
import java.util.logging.Logger;

/**
 * How the gateway's log is written ({@code LOG_FORMAT}): {@code text}, the one-line format of
 * {@code logging.properties}, or {@code json}, one JSON object per line for log collectors.
 */
public enum LogFormat {
    /** The formatter {@code logging.properties} configures: one line of text per record. */
    TEXT,
    /** One JSON object per record and line ({@link JsonLogFormatter}). */
    JSON;

    /**
     * Reads a format name, in any case.
     *
     * @param name {@code text} or {@code json}
     * @return the format
     * @throws IllegalArgumentException for any other name
     */
    public static LogFormat parse(String name) {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
    }

    /** Puts this format on every handler of the root logger; {@link #TEXT} leaves them as configured. */
    public void install() {
        if (this == JSON) {
            for (Handler handler : Logger.getLogger("").getHandlers()) {
                handler.setFormatter(new JsonLogFormatter());
            }
        }
    }
}
