package io.ttsgateway.session.protocol;

/**
 * A client message that cannot become a request; answered with an {@code error} message, after
 * which the connection goes on.
 */
public final class ProtocolException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient GatewayError error;
    private final String requestId;

    /**
     * An error about one request.
     *
     * @param code      protocol code
     * @param message   client-safe description
     * @param requestId the request it is about, or {@code null}
     */
    public ProtocolException(ErrorCode code, String message, String requestId) {
        super(message, null, false, false);
        this.error = GatewayError.of(code, message);
        this.requestId = requestId;
    }

    /**
     * An error about no request in particular.
     *
     * @param code    protocol code
     * @param message client-safe description
     */
    public ProtocolException(ErrorCode code, String message) {
        this(code, message, null);
    }

    /**
     * The error to send.
     *
     * @return the error
     */
    public GatewayError error() {
        return error;
    }

    /**
     * The request the error is about.
     *
     * @return its id, or {@code null}
     */
    public String requestId() {
        return requestId;
    }
}
