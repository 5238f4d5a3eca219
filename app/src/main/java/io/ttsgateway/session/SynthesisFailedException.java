package io.ttsgateway.session;

import io.ttsgateway.session.protocol.GatewayError;

/**
 * A request outside a session failed; nothing more of its audio will come.
 */
public final class SynthesisFailedException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient GatewayError error;

    /**
     * Creates the exception.
     *
     * @param error what failed, as the protocol reports it
     */
    public SynthesisFailedException(GatewayError error) {
        super(error.message());
        this.error = error;
    }

    /**
     * What failed.
     *
     * @return the error
     */
    public GatewayError error() {
        return error;
    }
}
