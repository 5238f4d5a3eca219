package io.ttsgateway.session.protocol;

import java.nio.charset.StandardCharsets;

/**
 * Reassembles one client text message from its WebSocket fragments, within the message size
 * limit. Past the limit the fragments are dropped as they come, so an oversized message costs no
 * memory, and the message is refused once its last fragment is in. Used by one reader thread.
 */
public final class MessageAssembly {

    private final int maxBytes;
    private final StringBuilder text = new StringBuilder();
    private long bytes;

    /**
     * Creates an empty assembly.
     *
     * @param maxBytes largest message, in UTF-8 bytes
     */
    public MessageAssembly(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * Takes the next fragment.
     *
     * @param fragment the fragment's text
     * @param last     whether it ends the message
     * @return the whole message at its last fragment, {@code null} before
     * @throws ProtocolException at the last fragment of a message over the limit
     */
    public String add(String fragment, boolean last) throws ProtocolException {
        if (bytes <= maxBytes) {
            bytes += fragment.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > maxBytes) {
                text.setLength(0); // nothing more is kept of this message
            } else if (!last || !text.isEmpty()) {
                text.append(fragment);
            }
        }
        if (!last) {
            return null;
        }
        boolean tooLarge = bytes > maxBytes;
        String message = text.isEmpty() ? fragment : text.toString();
        text.setLength(0);
        bytes = 0;
        if (tooLarge) {
            throw new ProtocolException(ErrorCode.MESSAGE_TOO_LARGE, "message exceeds " + maxBytes + " bytes");
        }
        return message;
    }
}
