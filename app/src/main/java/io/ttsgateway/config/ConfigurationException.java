package io.ttsgateway.config;

/**
 * Configuration that cannot work; the message tells the operator what to set.
 */
public final class ConfigurationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong and which variable fixes it
     */
    public ConfigurationException(String message) {
        super(message);
    }
}
