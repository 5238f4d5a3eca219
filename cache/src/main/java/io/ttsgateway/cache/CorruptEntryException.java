package io.ttsgateway.cache;

import java.io.IOException;

/**
 * An entry file that exists but cannot be trusted: truncated, malformed or failing its checksum.
 */
public final class CorruptEntryException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong with the file
     */
    public CorruptEntryException(String message) {
        super(message);
    }
}
