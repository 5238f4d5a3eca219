package io.ttsgateway.loadgen;

import java.util.Locale;

/**
 * How a request's text reaches the gateway.
 */
public enum InputMode {
    /** The whole text in one {@code synthesize} message, as an agent does once its LLM has finished. */
    WHOLE,
    /**
     * The text as {@code append} messages, a few words at a time at an LLM's pace, then {@code end}:
     * an agent that forwards its LLM's tokens as they come.
     */
    STREAM;

    /**
     * Parses the command-line spelling.
     *
     * @param value {@code whole} or {@code stream}, any case
     * @return the input mode
     * @throws IllegalArgumentException for anything else
     */
    public static InputMode parse(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "whole" -> WHOLE;
            case "stream" -> STREAM;
            default -> throw new IllegalArgumentException("--input must be whole or stream, not '" + value + "'");
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
