package io.ttsgateway.loadgen;

import java.util.Locale;

/**
 * How a session paces its requests.
 */
public enum Mode {
    /** One request at a time: the next is sent when the previous one is done, like a turn-taking agent. */
    SEQUENTIAL,
    /** Every request is sent at once and the server answers them in order, like an agent that queues sentences. */
    PIPELINED;

    /**
     * Parses the command-line spelling.
     *
     * @param value {@code sequential} or {@code pipelined}, any case
     * @return the mode
     * @throws IllegalArgumentException for anything else
     */
    public static Mode parse(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "sequential" -> SEQUENTIAL;
            case "pipelined" -> PIPELINED;
            default -> throw new IllegalArgumentException("--mode must be sequential or pipelined, not '" + value + "'");
        };
    }

    /**
     * The command-line spelling.
     *
     * @return lower-case name
     */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
