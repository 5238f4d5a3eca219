package io.ttsgateway.loadgen;

/**
 * Something that happened on a connection, stamped with {@link System#nanoTime()} when the
 * listener saw it.
 */
public sealed interface Event {

    /**
     * When it arrived.
     *
     * @return nano time
     */
    long at();

    /**
     * A complete text message.
     *
     * @param text the message
     * @param at   arrival
     */
    record Text(String text, long at) implements Event {
    }

    /**
     * A part of a binary message: audio. Only its size is kept; the samples do not matter here.
     *
     * @param bytes audio bytes in this part
     * @param at    arrival
     */
    record Audio(int bytes, long at) implements Event {
    }

    /**
     * The connection ended: a close frame, or an error (then {@code code} is
     * {@link Connection#NO_CLOSE_CODE}).
     *
     * @param code   WebSocket close code
     * @param reason failure reason as reported, e.g. {@code closed:1013} or {@code connection_error:IOException}
     * @param at     arrival
     */
    record Closed(int code, String reason, long at) implements Event {
    }
}
