package io.ttsgateway.session;

/**
 * A client message that cannot become a request; answered with an {@code error} message, after
 * which the connection goes on.
 */
final class ProtocolException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient GatewayError error;
    private final String requestId;

    ProtocolException(ErrorCode code, String message, String requestId) {
        super(message, null, false, false);
        this.error = GatewayError.of(code, message);
        this.requestId = requestId;
    }

    ProtocolException(ErrorCode code, String message) {
        this(code, message, null);
    }

    GatewayError error() {
        return error;
    }

    String requestId() {
        return requestId;
    }
}
