package io.ttsgateway.provider.net;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;

import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;

/**
 * Maps what a provider answered to a {@link ProviderException} of the right kind. Messages name
 * the provider and the status, and at most the provider's short error code: providers echo parts
 * of the key in their messages (OpenAI's {@code Incorrect API key provided: sk-abc***}), and these
 * messages reach clients.
 */
public final class ProviderErrors {

    private ProviderErrors() {
    }

    /**
     * The kind of failure an HTTP status (of a response or a refused WebSocket upgrade) means.
     *
     * @param status the HTTP status
     * @return its kind
     */
    public static ProviderErrorKind kindOf(int status) {
        return switch (status) {
            case 401, 402, 403 -> ProviderErrorKind.AUTH_FAILED;
            case 408 -> ProviderErrorKind.TIMEOUT;
            case 429 -> ProviderErrorKind.RATE_LIMITED;
            default -> {
                if (status >= 500) {
                    yield ProviderErrorKind.UNAVAILABLE;
                }
                if (status >= 400) {
                    yield ProviderErrorKind.INVALID_REQUEST;
                }
                yield ProviderErrorKind.SYNTHESIS_FAILED;
            }
        };
    }

    /**
     * A failure from an HTTP status.
     *
     * @param provider the provider's name
     * @param status   the status
     * @param code     the provider's short error code ({@code invalid_api_key}), or {@code null}
     * @return the exception
     */
    public static ProviderException forStatus(String provider, int status, String code) {
        ProviderErrorKind kind = kindOf(status);
        String what = switch (kind) {
            case AUTH_FAILED -> "refused the API key";
            case RATE_LIMITED -> "is rate limiting this gateway";
            case UNAVAILABLE -> "is unavailable";
            case TIMEOUT -> "timed out";
            case INVALID_REQUEST -> "rejected the request";
            case SYNTHESIS_FAILED -> "answered unexpectedly";
        };
        String suffix = code == null || code.isBlank() ? "" : ", " + safeCode(code);
        return new ProviderException(kind, status, provider + " " + what + " (HTTP " + status + suffix + ")", null);
    }

    /**
     * A failure to reach the provider or a connection lost while talking to it.
     *
     * @param provider the provider's name
     * @param e        what the network said
     * @return the exception, {@link ProviderErrorKind#UNAVAILABLE}
     */
    public static ProviderException unreachable(String provider, IOException e) {
        String why;
        if (e instanceof ConnectException) {
            why = "refused the connection";
        } else if (e instanceof UnknownHostException) {
            why = "has an unknown host name";
        } else if (e instanceof HttpTimeoutException) {
            why = "did not accept the connection in time";
        } else {
            why = "connection failed";
        }
        return new ProviderException(ProviderErrorKind.UNAVAILABLE, ProviderException.NO_STATUS,
                                     provider + " " + why, e);
    }

    /**
     * The provider closed the connection before the request's audio ended.
     *
     * @param provider the provider's name
     * @param detail   a short description, such as the close code
     * @return the exception, {@link ProviderErrorKind#UNAVAILABLE}
     */
    public static ProviderException dropped(String provider, String detail) {
        return new ProviderException(ProviderErrorKind.UNAVAILABLE, ProviderException.NO_STATUS,
                                     provider + " closed the connection mid-stream (" + detail + ")", null);
    }

    /**
     * A provider's error code made safe to show: letters, digits, a few separators, bounded length.
     *
     * @param code the provider's code
     * @return the code, or a placeholder when it does not look like one
     */
    public static String safeCode(String code) {
        if (code == null || code.length() > 64 || !code.matches("[A-Za-z0-9_.+\\- ]+")) {
            return "unrecognized error";
        }
        return code;
    }
}
