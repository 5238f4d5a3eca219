package io.ttsgateway.keys;

/**
 * A key file that cannot be used; the message says where and why, and never holds what stands
 * where a digest belongs, nor the text a parser choked on (a key pasted into the file by mistake
 * must not reach a log).
 */
public final class KeyFileException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message where and why
     */
    public KeyFileException(String message) {
        super(message);
    }
}
