package io.ttsgateway;

/**
 * The gateway cannot start with what it was given (the port is taken, the cache directory is
 * unusable); the message is the one line an operator reads.
 */
public final class StartupException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what to fix, in one line
     */
    public StartupException(String message) {
        super(message);
    }
}
